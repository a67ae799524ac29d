package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Counts that Chinese tools write as approximate ("10万+", "约5万") are read
// as the number given, the row imported and the counts named in one line;
// a count unreadable without its marks still skips its row (issue 13: the
// whole row used to be skipped).
func TestImportReadsApproximateCounts(t *testing.T) {
	e := newEnv(t)
	csv := filepath.Join(e.home, "cn.csv")
	body := "handle,followers,avg views\nann,10万+,约2万\nbob,约5万,\ncy,12万,\ndee,5万多,\neve,十万,\nfay,1万+,\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r := e.run("import", "creators", csv)
	if r.code != 1 || !strings.Contains(r.stdout, "imported 5 new, updated 0, skipped 1") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	want := "cn.csv: 5 counts given as approximate (10万+, 约2万, 约5万, …) read as the number given"
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, `followers: "十万" is not a number`) {
		t.Errorf("stderr %q, want %q and the refused row", r.stderr, want)
	}
	r = e.must("stats", "--json")
	if !strings.Contains(r.stdout, `"total": 5`) {
		t.Errorf("stats: %s", r.stdout)
	}
}
