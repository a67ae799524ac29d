package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The end-to-end tests build the real binary once and run it as a user
// would, each test in its own XDG home so nothing touches the developer's
// files.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "creatordesk-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "creatordesk")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", binary, "creatordesk").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type env struct {
	t     *testing.T
	home  string
	extra []string // more environment, e.g. a password or a clock
}

func newEnv(t *testing.T) *env {
	return &env{t: t, home: t.TempDir()}
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the binary with args in the test's XDG home.
func (e *env) run(args ...string) result {
	e.t.Helper()
	cmd := e.command(args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatal(err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// command is the binary with args, set up to run in the test's XDG home.
func (e *env) command(args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(),
		"XDG_DATA_HOME="+filepath.Join(e.home, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(e.home, "config"),
		"CREATORDESK_DB=", "CREATORDESK_CONFIG=", "TZ=UTC")
	cmd.Env = append(cmd.Env, e.extra...)
	return cmd
}

func (e *env) must(args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 {
		e.t.Fatalf("creatordesk %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// create makes an empty database the way a new user would, by importing a
// file with only a header; dbArgs are global flags such as --db PATH.
func (e *env) create(dbArgs ...string) {
	e.t.Helper()
	empty := filepath.Join(e.home, "header-only.csv")
	if err := os.WriteFile(empty, []byte("handle,followers\n"), 0o600); err != nil {
		e.t.Fatal(err)
	}
	e.must(append(dbArgs, "import", "creators", empty)...)
}

func (e *env) stats(args ...string) statsJSON {
	e.t.Helper()
	r := e.must(append([]string{"stats", "--json"}, args...)...)
	var st statsJSON
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		e.t.Fatalf("stats --json: %v\n%s", err, r.stdout)
	}
	return st
}

func fixture(name string) string { return filepath.Join("..", "testdata", "csv", name) }

func TestHelpOnEveryCommand(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{}, {"demo"}, {"import"}, {"import", "creators"}, {"stage"}, {"stats"},
		{"export"}, {"export", "partners"}, {"queue"}, {"campaign"}, {"campaign", "add"}, {"campaign", "list"}, {"config"}} {
		r := e.run(append(args, "--help")...)
		if r.code != 0 || !strings.Contains(r.stdout, "USAGE") {
			t.Errorf("%v --help: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{
		{"frobnicate"}, {"--nope"}, {"stats", "--nope"}, {"stage", "anna"}, {"stage", "anna", "flying"},
		{"import", "creators"}, {"import", "people", "x.csv"}, {"export", "partners", "--format", "xlsx"},
		{"export", "partners", "--tier", "giant"}, {"stats", "extra"},
	} {
		r := e.run(args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
		if r.stderr == "" {
			t.Errorf("%v: no message on stderr", args)
		}
	}
}

func TestDefaultPathsArePrivate(t *testing.T) {
	e := newEnv(t)
	e.create()
	db := filepath.Join(e.home, "data", "creatordesk", "creatordesk.db")
	st, err := os.Stat(db)
	if err != nil {
		t.Fatalf("no database at the XDG default: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v", st.Mode().Perm())
	}
	dir, _ := os.Stat(filepath.Dir(db))
	if dir.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode %v", dir.Mode().Perm())
	}
	other := filepath.Join(e.home, "elsewhere.db")
	e.create("--db", other)
	if _, err := os.Stat(other); err != nil {
		t.Errorf("--db ignored: %v", err)
	}
}

func TestStatsJSONShape(t *testing.T) {
	e := newEnv(t)
	e.create()
	r := e.must("stats", "--json")
	var loose map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &loose); err != nil {
		t.Fatal(err)
	}
	creators := loose["creators"].(map[string]any)
	for _, k := range []string{"total", "head", "micro"} {
		if _, ok := creators[k]; !ok {
			t.Errorf("creators.%s missing", k)
		}
	}
	funnel := loose["funnel"].(map[string]any)
	for _, tier := range []string{"all", "head", "micro"} {
		f, ok := funnel[tier].(map[string]any)
		if !ok {
			t.Fatalf("funnel.%s missing", tier)
		}
		for _, k := range []string{"invited", "replied", "partnered", "content_posted", "conversion"} {
			if _, ok := f[k]; !ok {
				t.Errorf("funnel.%s.%s missing", tier, k)
			}
		}
		if f["conversion"].(float64) != 0 {
			t.Errorf("empty database: conversion %v, want 0", f["conversion"])
		}
	}
}

// --weeks takes 0 (no weekly table) to 520; anything else is a usage
// error naming the flag and the range, before the database is opened.
func TestStatsWeeksRange(t *testing.T) {
	e := newEnv(t)
	for _, n := range []string{"-1", "521", "100000000", "9223372036854775807"} {
		r := e.run("stats", "--weeks", n)
		want := "--weeks " + n + ": use 0 (no weekly table) to 520"
		if r.code != 2 || !strings.Contains(r.stderr, want) || r.stdout != "" {
			t.Errorf("stats --weeks %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", n, r.code, r.stdout, r.stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(e.home, "data")); !os.IsNotExist(err) {
		t.Errorf("a refused --weeks created the data directory (%v)", err)
	}
	e.create()
	for _, n := range []string{"0", "1", "520"} {
		e.must("stats", "--weeks", n)
	}
	if st := e.stats("--weeks", "0"); len(st.Weeks) != 0 {
		t.Errorf("--weeks 0: %d weeks", len(st.Weeks))
	}
}

var rowErrorLine = regexp.MustCompile(`^\.\./testdata/csv/[a-z0-9_]+\.csv:\d+: [a-z_]+: .+`)

func TestImportBadRowsReportedAndSkipped(t *testing.T) {
	e := newEnv(t)
	r := e.run("import", "creators", fixture("bad_rows.csv"))
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	bad := 0
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if rowErrorLine.MatchString(line) {
			bad++
		}
	}
	m := regexp.MustCompile(`^imported (\d+) new, updated 0, skipped (\d+)`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("summary %q", r.stdout)
	}
	if m[2] == "0" || m[2] != strconv.Itoa(bad) {
		t.Errorf("skipped %s but %d FILE:LINE: field: reason lines:\n%s", m[2], bad, r.stderr)
	}
	if got := e.stats().Creators.Total; strconv.FormatInt(got, 10) != m[1] {
		t.Errorf("database holds %d creators, summary said %s", got, m[1])
	}
}

func TestImportStrictAndDryRunWriteNothing(t *testing.T) {
	e := newEnv(t)
	for _, flag := range []string{"--strict", "--dry-run"} {
		r := e.run("import", "creators", flag, fixture("bad_rows.csv"), fixture("kalodata_en.csv"))
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1 (bad rows)", flag, r.code)
		}
		if n := e.stats().Creators.Total; n != 0 {
			t.Errorf("%s wrote %d creators", flag, n)
		}
	}
	r := e.must("import", "creators", "--dry-run", fixture("kalodata_en.csv"))
	if !strings.HasPrefix(r.stdout, "dry run, nothing written: imported ") {
		t.Errorf("dry run summary %q", r.stdout)
	}
	if n := e.stats().Creators.Total; n != 0 {
		t.Errorf("--dry-run wrote %d creators", n)
	}
}

func TestImportEveryFixtureAndReimport(t *testing.T) {
	e := newEnv(t)
	files, _ := filepath.Glob(fixture("*"))
	var good []string
	for _, f := range files {
		if strings.HasSuffix(f, ".md") || strings.Contains(f, "bad_rows") || strings.Contains(f, "ragged_quoted") ||
			strings.Contains(f, "affiliate_orders") {
			continue
		}
		good = append(good, f)
	}
	if len(good) < 6 {
		t.Fatalf("only %d fixtures: %v", len(good), good)
	}
	for _, f := range good {
		r := e.run("import", "creators", f)
		if r.code != 0 {
			t.Errorf("%s: exit %d\n%s%s", f, r.code, r.stdout, r.stderr)
		}
	}
	total := e.stats().Creators.Total
	for _, f := range good {
		r := e.must("import", "creators", f)
		if !strings.HasPrefix(r.stdout, "imported 0 new, updated ") {
			t.Errorf("re-import of %s: %q", f, r.stdout)
		}
	}
	if again := e.stats().Creators.Total; again != total {
		t.Errorf("re-import changed the creator count %d → %d", total, again)
	}
}

// An affiliate-orders export names creators by "Creator Username": offered
// as a creators list it is refused whole, dry run or not, and the creators
// already there are left as they were.
func TestImportRefusesAffiliateOrdersExport(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	total := e.stats().Creators.Total
	wrote := regexp.MustCompile(`imported [1-9]|updated [1-9]`)
	for _, args := range [][]string{
		{fixture("affiliate_orders.csv")},
		{"--dry-run", fixture("affiliate_orders.csv")},
		{fixture("affiliate_orders_gbk.csv")},
		{"--strict", fixture("affiliate_orders_gbk.csv")},
	} {
		r := e.run(append([]string{"import", "creators"}, args...)...)
		file := args[len(args)-1]
		want := file + ":1: this is a Seller Center affiliate-orders export, not a creators list: read it with creatordesk import orders; nothing imported from this file\n"
		if r.code != 1 || r.stderr != want || wrote.MatchString(r.stdout) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q\nwant exit 1, stderr %q", args, r.code, r.stdout, r.stderr, want)
		}
	}
	if got := e.stats().Creators.Total; got != total {
		t.Errorf("the orders files changed the creator count %d → %d", total, got)
	}
}

func TestImportDuplicatesAreOneCreator(t *testing.T) {
	e := newEnv(t)
	r := e.must("import", "creators", fixture("duplicates.csv"))
	if !strings.Contains(r.stderr, "merged") || !strings.Contains(r.stdout, "duplicate rows merged") {
		t.Errorf("duplicates not reported:\n%s\n%s", r.stdout, r.stderr)
	}
	e.must("stage", " ＠ANNA_1 ", "invited")
	e.must("stage", "@Anna_1", "replied")
	if f := e.stats().Funnel.All; f.Invited != 1 || f.Replied != 1 {
		t.Errorf("funnel %+v: the three spellings are not one creator", f.Funnel)
	}
}

func TestGBKNamesSurvive(t *testing.T) {
	e := newEnv(t)
	r := e.must("import", "creators", "--campaign", "CN launch", fixture("fastmoss_gbk.csv"))
	if !strings.Contains(r.stderr, `created campaign "CN launch"`) {
		t.Errorf("stderr %q", r.stderr)
	}
	out := e.must("export", "partners", "--format", "json")
	if strings.TrimSpace(out.stdout) != "[]" {
		t.Fatalf("nobody is partnered yet, got %s", out.stdout)
	}
	e.must("stage", "meimei.beauty", "partnered", "--campaign", "cn LAUNCH")
	out = e.must("export", "partners", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out.stdout), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("export: %v %s", err, out.stdout)
	}
	if rows[0]["display_name"] != "美美爱化妆" || rows[0]["followers"] != 125000.0 || rows[0]["region"] != "US" {
		t.Errorf("GBK row came out as %v", rows[0])
	}
}

func TestRaggedAndQuotedRows(t *testing.T) {
	e := newEnv(t)
	r := e.run("import", "creators", fixture("ragged_quoted.csv"))
	if r.code != 1 || !strings.Contains(r.stdout, "imported 9 new, updated 0, skipped 2") {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"ragged_quoted.csv:11: row: 7 fields, the header has 5", "ragged_quoted.csv:14: handle: "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestStageMovesAndRefusals(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	handle := firstHandle(t, e)
	r := e.must("stage", handle, "invited", "--note", "DM sent")
	if !strings.Contains(r.stdout, "prospect → invited") {
		t.Errorf("stdout %q", r.stdout)
	}
	r = e.run("stage", handle, "sample_delivered")
	if r.code != 1 || !strings.Contains(r.stderr, "allowed: ") {
		t.Errorf("refused move: exit %d, stderr %q", r.code, r.stderr)
	}
	r = e.run("stage", "no_such_creator", "invited")
	if r.code != 1 || !strings.Contains(r.stderr, "no creator @no_such_creator") {
		t.Errorf("unknown creator: exit %d, stderr %q", r.code, r.stderr)
	}
	r = e.run("stage", handle, "invited", "--campaign", "nope")
	if r.code != 1 || !strings.Contains(r.stderr, `no campaign named "nope"`) {
		t.Errorf("unknown campaign: exit %d, stderr %q", r.code, r.stderr)
	}
}

// firstHandle is the handle on the first data row of kalodata_en.csv.
func firstHandle(*testing.T, *env) string { return "@Anna_1" }

func TestExportPartnersFile(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv"))
	h := firstHandle(t, e)
	e.must("stage", h, "partnered", "--campaign", "glow")
	out := filepath.Join(e.home, "partners.csv")
	r := e.must("export", "partners", "-o", out)
	if !strings.Contains(r.stderr, "wrote 1 partnerships") {
		t.Errorf("stderr %q", r.stderr)
	}
	st, err := os.Stat(out)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export file %v mode %v", err, st)
	}
	data, _ := os.ReadFile(out)
	if !bytes.HasPrefix(data, []byte("\uFEFFhandle,display_name,tier,followers,region,category,email,campaign,stage,partnered_at,slot_fee,currency,commission_pct,sample_sku,discount_code,discount_pct,profile_url\r\n")) {
		t.Errorf("header %q", data[:min(len(data), 200)])
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	if recs[1][7] != "Glow" || recs[1][8] != "partnered" || !strings.HasPrefix(recs[1][16], "https://www.tiktok.com/@") {
		t.Errorf("row %q", recs[1])
	}
	// An unwritable destination leaves no file behind and says where.
	bad := filepath.Join(e.home, "missing-dir", "p.csv")
	r = e.run("export", "partners", "-o", bad)
	if r.code != 1 || !strings.Contains(r.stderr, bad) {
		t.Errorf("unwritable export: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, tier := range []string{"head", "micro"} {
		e.must("export", "partners", "--tier", tier, "--format", "json")
	}
}

func TestCampaignAddAndList(t *testing.T) {
	e := newEnv(t)
	e.create()
	e.must("campaign", "add", "Summer Glow", "--sku", "SERUM-30,SERUM-50", "--commission", "15%", "--starts", "2026-06-01")
	r := e.run("campaign", "add", "summer glow")
	if r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("duplicate campaign: exit %d %q", r.code, r.stderr)
	}
	r = e.must("campaign", "list")
	if !strings.Contains(r.stdout, "Summer Glow") || !strings.Contains(r.stdout, "SERUM-30,SERUM-50") || !strings.Contains(r.stdout, "15%") {
		t.Errorf("list %q", r.stdout)
	}
}

func TestConfigThresholdRetiers(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	before := e.stats().Creators
	cfg := filepath.Join(e.home, "config", "creatordesk", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[tiers]\nhead_threshold = 0\n"), 0o600)
	r := e.must("stats", "--json")
	if !strings.Contains(r.stderr, "changed tier") {
		t.Errorf("no notice of re-tiering: %q", r.stderr)
	}
	after := e.stats().Creators
	if after.Head <= before.Head {
		t.Errorf("threshold 0: head %d, before %d", after.Head, before.Head)
	}
	os.WriteFile(cfg, []byte("[tiers]\nhead_treshold = 5\n"), 0o600)
	r = e.run("stats")
	if r.code != 1 || !strings.Contains(r.stderr, "config.toml:2:1: unknown key tiers.head_treshold") {
		t.Errorf("typo in config: exit %d %q", r.code, r.stderr)
	}
}

func TestQueueCommand(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	r := e.run("queue")
	if r.code != 1 || !strings.Contains(r.stderr, "--sender") {
		t.Errorf("no sender: exit %d, %q", r.code, r.stderr)
	}
	r = e.must("queue", "--sender", "Mia from Glow", "--tier", "micro")
	if !strings.HasPrefix(r.stdout, "queued 4, held 0") {
		t.Errorf("micro prospects: %q", r.stdout)
	}
	e.must("stage", "tech.tom", "do_not_contact", "--note", "asked")
	r = e.must("queue", "anna_1", "tech.tom", "glowwithmia", "nobody_here")
	if !strings.HasPrefix(r.stdout, "queued 1, held 3") {
		t.Errorf("named creators: %q", r.stdout)
	}
	for _, want := range []string{"@glowwithmia: already queued", "@nobody_here: no such creator", "@tech.tom:"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := e.run("queue", "--tier", "giant"); r.code != 2 {
		t.Errorf("bad tier: exit %d", r.code)
	}
}

// mailSink is an SMTP server inside the test process that wants a login
// and keeps what it is given.
type mailSink struct {
	mu       sync.Mutex
	messages []*mail.Message
	rcpts    []string
	refuse   map[string]string // address → the server's reply refusing it
}

func (m *mailSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: m}, nil }

type sinkSession struct {
	sink   *mailSink
	authed bool
}

func (s *sinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *sinkSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "mia@glow.example" || pass != "s3cret-pw" {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		s.authed = true
		return nil
	}), nil
}
func (s *sinkSession) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.sink.mu.Lock()
	if why, ok := s.sink.refuse[to]; ok {
		s.sink.mu.Unlock()
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: why}
	}
	s.sink.rcpts = append(s.sink.rcpts, to)
	s.sink.mu.Unlock()
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(msg.Body)
	msg.Body = bytes.NewReader(body)
	s.sink.mu.Lock()
	s.sink.messages = append(s.sink.messages, msg)
	s.sink.mu.Unlock()
	return nil
}
func (s *sinkSession) Reset()        {}
func (s *sinkSession) Logout() error { return nil }

func (m *mailSink) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.messages)
}

func startMailSink(t *testing.T) (*mailSink, int) {
	t.Helper()
	sink := &mailSink{}
	return sink, serveSMTP(t, sink)
}

// serveSMTP runs an SMTP server on a free loopback port until the test
// ends, and returns the port.
func serveSMTP(t *testing.T, b smtp.Backend) int {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

// useMailSink sets up email through the test's SMTP server on port, with
// more TOML after it, and gives the binary the sink's password
// (CD_TEST_SMTP_PASSWORD).
func (e *env) useMailSink(port int, more string) {
	cfg := filepath.Join(e.home, "config", "creatordesk", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		e.t.Fatal(err)
	}
	err := os.WriteFile(cfg, []byte(fmt.Sprintf(`[smtp]
host = "127.0.0.1"
port = %d
security = "none"
username = "mia@glow.example"
password_env = "CD_TEST_SMTP_PASSWORD"
from = "Mia from Glow <mia@glow.example>"
`, port)+more), 0o600)
	if err != nil {
		e.t.Fatal(err)
	}
	e.extra = append(e.extra, "CD_TEST_SMTP_PASSWORD=s3cret-pw")
}

// queueEmail sets up email through the test's SMTP server and queues an
// approved invitation to each creator of rows, CSV lines of handle,
// nickname, followers and email.
func (e *env) queueEmail(port int, rows string) {
	e.t.Helper()
	e.useMailSink(port, "")
	file := filepath.Join(e.home, "c.csv")
	os.WriteFile(file, []byte("handle,nickname,followers,email\n"+rows), 0o600)
	e.must("import", "creators", file)
	e.must("queue", "--sender", "Mia from Glow", "--approve")
}

func TestSendCommandByEmail(t *testing.T) {
	sink, port := startMailSink(t)
	e := newEnv(t)
	e.useMailSink(port, "\n[quota]\nweekly = 2\n")
	csvPath := filepath.Join(e.home, "c.csv")
	os.WriteFile(csvPath, []byte("handle,nickname,followers,email\nanna_1,安娜 Anna,12000,anna@example.com\nbo,Bo,9000,bo@example.com\n"+
		"cy,Cy,8000,cy@example.com\ndee,Dee,7000,\n"), 0o600)
	e.must("import", "creators", csvPath)
	r := e.must("queue", "--sender", "Mia from Glow", "--approve")
	if !strings.HasPrefix(r.stdout, "queued 4, held 0") {
		t.Fatalf("queue: %q %q", r.stdout, r.stderr)
	}
	// A wrong password pauses the queue and sends nothing.
	e.extra = []string{"CD_TEST_SMTP_PASSWORD=wrong"}
	r = e.run("send")
	if r.code != 1 || !strings.Contains(r.stderr, "sending paused") || sink.count() != 0 || r.stdout != "" {
		t.Fatalf("wrong password: exit %d, %d sent\n%s\n%s", r.code, sink.count(), r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "wrong") {
		t.Errorf("the password shows in the output:\n%s%s", r.stdout, r.stderr)
	}
	// Three have email, the quota lets two go this week.
	e.extra = []string{"CD_TEST_SMTP_PASSWORD=s3cret-pw"}
	r = e.must("send", "--dry-run")
	if !strings.Contains(r.stdout, "would send 2; 1 first invitations wait for quota") || sink.count() != 0 {
		t.Fatalf("dry run: %q", r.stdout)
	}
	r = e.must("send")
	if !strings.Contains(r.stdout, "sent 2, retry later 0, failed 0, unknown 0; 1 first invitations wait for quota") || sink.count() != 2 {
		t.Fatalf("send: %d received\n%s\n%s", sink.count(), r.stdout, r.stderr)
	}
	if r := e.must("send"); !strings.HasPrefix(r.stdout, "sent 0") || sink.count() != 2 {
		t.Fatalf("second send resent: %d received, %q", sink.count(), r.stdout)
	}
	m := sink.messages[0]
	from, _ := (&mime.WordDecoder{}).DecodeHeader(m.Header.Get("From"))
	to, _ := (&mime.WordDecoder{}).DecodeHeader(m.Header.Get("To"))
	if from != `"Mia from Glow" <mia@glow.example>` && from != "Mia from Glow <mia@glow.example>" {
		t.Errorf("From %q", from)
	}
	if !strings.Contains(to, "anna@example.com") || !strings.Contains(to, "安娜") {
		t.Errorf("To %q", to)
	}
	if id := m.Header.Get("Message-Id"); !strings.HasSuffix(id, "@glow.example>") {
		t.Errorf("Message-ID %q", id)
	}
	// Three days on, the follow-ups to the two invited creators are due.
	e.extra = append(e.extra, "CREATORDESK_NOW="+time.Now().AddDate(0, 0, 3).Add(time.Hour).UTC().Format(time.RFC3339))
	r = e.must("send")
	if !strings.Contains(r.stdout, "sent 2,") || !strings.Contains(r.stdout, "follow-up 1") || sink.count() != 4 {
		t.Fatalf("follow-ups: %d received\n%s", sink.count(), r.stdout)
	}
	if s := sink.messages[3].Header.Get("Subject"); !strings.HasPrefix(s, "Re: ") {
		t.Errorf("follow-up subject %q", s)
	}
}

func TestTemplateCommands(t *testing.T) {
	e := newEnv(t)
	e.create()
	r := e.must("template", "show", "micro", "followup1")
	if !strings.HasPrefix(r.stdout, "Subject: Re: A free sample") {
		t.Fatalf("show: %q", r.stdout)
	}
	bad := filepath.Join(e.home, "bad.txt")
	os.WriteFile(bad, []byte("Subject: Hi\n\nHello {{.Nmae}}\n"), 0o600)
	r = e.run("template", "set", "micro", "followup1", bad)
	if r.code != 1 || !strings.Contains(r.stderr, "did you mean .Name?") || !strings.Contains(r.stderr, "line 3, column 9") {
		t.Fatalf("typo: exit %d %q", r.code, r.stderr)
	}
	if r := e.must("template", "show", "micro", "followup1"); !strings.HasPrefix(r.stdout, "Subject: Re: A free sample") {
		t.Fatalf("a refused template replaced the old one: %q", r.stdout)
	}
	good := filepath.Join(e.home, "good.txt")
	os.WriteFile(good, []byte("Subject: Hi again {{.Name}}\r\n\r\nHello {{.Name}}, any news?\r\n{{.Sender}}\r\n"), 0o600)
	e.must("template", "set", "micro", "fu1", good)
	if r := e.must("template", "show", "micro", "followup1"); r.stdout != "Subject: Hi again {{.Name}}\n\nHello {{.Name}}, any news?\n{{.Sender}}\n" {
		t.Fatalf("saved: %q", r.stdout)
	}
	if r := e.must("template", "list"); !strings.Contains(r.stdout, "micro  followup1        edited") {
		t.Errorf("list: %q", r.stdout)
	}
	e.must("template", "reset", "micro", "followup1")
	if r := e.must("template", "list"); strings.Contains(r.stdout, "edited") {
		t.Errorf("after reset: %q", r.stdout)
	}
	if r := e.run("template", "show", "giant", "invitation"); r.code != 2 {
		t.Errorf("bad tier: exit %d", r.code)
	}
}

// TestMissingDatabaseIsNotCreated: a mistyped --db given to a command that
// only reads or changes what is there says so and creates neither the file
// nor its directories; only import (and demo, and the dashboard once
// asked) makes a new database.
func TestMissingDatabaseIsNotCreated(t *testing.T) {
	e := newEnv(t)
	typo := filepath.Join(e.home, "nodir", "sub", "typo.db")
	for _, args := range [][]string{
		{"stats"}, {"stats", "--json"}, {"export", "partners"}, {"send", "--dry-run"}, {"send"},
		{"stage", "someone", "invited"}, {"queue"}, {"campaign", "list"}, {"campaign", "add", "X"},
		{"template", "list"}, {"backup", filepath.Join(e.home, "b.db")}, {"forget", "--yes", "someone"},
		{"import", "creators", "--dry-run", fixture("kalodata_en.csv")},
	} {
		r := e.run(append([]string{"--db", typo}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "no database at "+typo) || r.stdout != "" {
			t.Errorf("%v on a missing database: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(e.home, "nodir")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%v created %s", args, filepath.Join(e.home, "nodir"))
		}
	}
	// The dashboard on a named path it cannot ask about refuses too.
	r := e.run("--db", typo)
	if r.code != 1 || !strings.Contains(r.stderr, "no database at "+typo) {
		t.Errorf("dashboard without a terminal on a missing database: exit %d %q", r.code, r.stderr)
	}
	// The default place is made without asking, by a first import.
	e.must("--db", typo, "import", "creators", fixture("kalodata_en.csv"))
	if st := e.stats("--db", typo); st.Creators.Total == 0 {
		t.Errorf("import into a new database: %+v", st.Creators)
	}
}
