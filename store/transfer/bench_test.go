package transfer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"creatordesk/store"
)

// writeCreatorsCSV writes n rows shaped like a discovery-tool export, with
// abbreviated numbers and a mix of scripts.
func writeCreatorsCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	writeCreatorsCSVVersion(tb, path, n, 0)
}

// writeCreatorsCSVVersion writes the same creators as writeCreatorsCSV;
// a later version (v > 0) gives every one other followers and another
// email, as next month's export of a discovery tool would.
func writeCreatorsCSVVersion(tb testing.TB, path string, n, v int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Creator Username,Nickname,Followers,Country/Region,Category,Email,Avg. Views,Engagement Rate,Revenue")
	regions := []string{"US", "United Kingdom", "Indonesia", "Việt Nam", "MY", "美国"}
	cats := []string{"Beauty", "Fashion", "Home", "Food", "Tech"}
	for i := 0; i < n; i++ {
		followers := fmt.Sprintf("%d.%dK", 1+(i+v)%900, i%10)
		if i%13 == 0 {
			followers = fmt.Sprintf("%d.%02dM", 1+(i+v)%5, i%100)
		}
		if i%17 == 0 {
			followers = fmt.Sprintf("%d.%d万", 1+(i+v)%90, i%10)
		}
		mail := fmt.Sprintf("c%d@example.com", i)
		if v > 0 {
			mail = fmt.Sprintf("c%d.v%d@example.com", i, v)
		}
		fmt.Fprintf(w, "@creator_%07d,\"Name %d, 名字 %d\",%s,%s,%s,%s,%dK,%d.%d%%,$%d.%02d\n",
			i, i, i, followers, regions[i%len(regions)], cats[i%len(cats)], mail, 1+i%300, 1+i%12, i%10, i%5000, i%100)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// BenchmarkImportCreators100k imports a 100,000-row CSV into an empty
// database, then again (all updates), then next month's version of it
// (every creator's followers and email differ), and reports rows/s and
// file size.
//
//	go test ./store/transfer -run '^$' -bench ImportCreators -benchtime 3x
func BenchmarkImportCreators100k(b *testing.B) {
	const n = 100_000
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "creators.csv")
	writeCreatorsCSV(b, csvPath, n)
	nextPath := filepath.Join(dir, "creators-next.csv")
	writeCreatorsCSVVersion(b, nextPath, n, 1)
	ctx := context.Background()
	for _, phase := range []string{"new", "reimport", "reimport-changed"} {
		b.Run(phase, func(b *testing.B) {
			var size int64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dbPath := filepath.Join(b.TempDir(), "bench.db")
				s, err := store.Open(ctx, dbPath, store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if phase != "new" {
					if _, err := ImportCreators(ctx, s, []string{csvPath}, ImportOptions{}, nil); err != nil {
						b.Fatal(err)
					}
				}
				file := csvPath
				if phase == "reimport-changed" {
					file = nextPath
				}
				b.StartTimer()
				sum, err := ImportCreators(ctx, s, []string{file}, ImportOptions{}, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if sum.New+sum.Updated != n || sum.Skipped != 0 {
					b.Fatalf("%s", sum.Line())
				}
				s.Close()
				for _, suffix := range []string{"", "-wal"} {
					if st, err := os.Stat(dbPath + suffix); err == nil {
						size += st.Size()
					}
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(size)/float64(b.N)/(1<<20), "MiB-db")
		})
	}
}
