package common

// ShowMsg brings a screen into view: Creators after a creator is added
// from another screen, to show them.
type ShowMsg struct{ Page PageID }
