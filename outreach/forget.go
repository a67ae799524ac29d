package outreach

// ForgetQuestion is what the dashboard and the command line ask before
// forgetting a creator: one wording, so both warn about old copies alike.
// Each adds its own way to answer: the command line " [y/N]", the
// dashboard Yes and No.
func ForgetQuestion(handle string) string {
	return "Forget @" + handle + " and everything tied to them? Older exports and backups still hold them."
}
