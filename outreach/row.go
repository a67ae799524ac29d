package outreach

import "time"

// CreatorRow is one creator read from a file, before it meets the database.
// Empty fields and nil metrics mean "not given": an import never erases what
// the database already holds with a blank cell.
type CreatorRow struct {
	Line    int // 1-based line of the row's first field in its file
	Creator     // Handle is always set; Tier is set only when the file names one
	Stage   Stage
	// Campaign names the campaign the row's pipeline is in (an exported
	// partners file has one per row); "" leaves it to the import.
	Campaign string
	// Terms are the pipeline's terms the file gives; zero fields are not
	// given.
	Terms Terms
	// PartneredAt is when the partnership began, as the file says; zero
	// when it does not.
	PartneredAt time.Time
}
