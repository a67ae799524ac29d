package ui

import "creatordesk/internal/termtext/termtexttest"

// unsafeRune says what must never reach the terminal from outside text.
var unsafeRune = termtexttest.Unsafe
