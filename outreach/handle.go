package outreach

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Handle limits. TikTok documents 24 characters; older and regional accounts
// reach 30, so we accept the larger bound.
const (
	MinHandleLen = 2
	MaxHandleLen = 30
)

// ErrEmptyHandle is returned for a handle that is blank after trimming.
var ErrEmptyHandle = errors.New("empty")

// NormalizeHandle returns the canonical form of a TikTok handle: trimmed,
// without a leading @ (ASCII or fullwidth), NFKC-folded and lower-case. It
// refuses anything that is not 2–30 of letters, digits, '_' and '.'.
func NormalizeHandle(s string) (string, error) {
	h := norm.NFKC.String(strings.TrimSpace(s))
	h = strings.TrimSpace(h)
	h = strings.TrimPrefix(h, "@") // NFKC has already folded ＠ to @
	h = strings.ToLower(h)
	if h == "" {
		return "", ErrEmptyHandle
	}
	for i, r := range h {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '.':
		default:
			return "", fmt.Errorf("%q is not allowed at position %d (only letters, digits, _ and .)", r, i+1)
		}
	}
	if n := len(h); n < MinHandleLen || n > MaxHandleLen {
		return "", fmt.Errorf("%d characters, must be %d–%d", n, MinHandleLen, MaxHandleLen)
	}
	return h, nil
}

// HandleFromURL extracts the handle from a TikTok profile or video URL such
// as https://www.tiktok.com/@anna_1 or tiktok.com/@anna_1/video/123.
func HandleFromURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("not a URL")
	}
	host := strings.ToLower(u.Hostname())
	if host != "tiktok.com" && !strings.HasSuffix(host, ".tiktok.com") {
		return "", fmt.Errorf("not a tiktok.com URL")
	}
	for _, part := range strings.Split(u.Path, "/") {
		if strings.HasPrefix(part, "@") {
			return NormalizeHandle(part)
		}
	}
	return "", fmt.Errorf("no @handle in the URL path")
}

// ProfileURL is the public TikTok profile address of a normalised handle.
func ProfileURL(handle string) string {
	return "https://www.tiktok.com/@" + handle
}
