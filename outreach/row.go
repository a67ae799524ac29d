package outreach

// CreatorRow is one creator read from a file, before it meets the database.
// Empty fields and nil metrics mean "not given": an import never erases what
// the database already holds with a blank cell.
type CreatorRow struct {
	Line    int // 1-based line of the row's first field in its file
	Creator     // Handle is always set; Tier is set only when the file names one
	Stage   Stage
}
