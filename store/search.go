package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The filter every list shares (Creators, Queue, Samples, Export): a fragment of a
// creator's handle, display name or email, in any case, or the start of a
// word of one of their tags ("reply" finds fast-reply, "ngu" does not find
// bilingual).
//
// From three characters the trigram index (creators_search, migrations 7
// and 19) answers for handle, name and email; a shorter fragment is
// compared row by row. Each part that matches many creators is checked
// row by row on a page instead of being gathered whole (creatorMatch): a
// page read in sort order then stops at its last row. At a million
// creators, gathering the 600,000 that "example" finds in their email
// took a second; a count still gathers them.

// searchFragment is the fragment as the filter compares it: trimmed, in
// lower case, without a leading @.
func searchFragment(s string) string {
	return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "@")
}

// manyMatches is where a part of the match counts as many: from there a
// page checks it row by row. Measured on a million creators: a page of 100
// then reads about 10,000 rows, which costs about what gathering 10,000
// matches does (20–30 ms); above it gathering costs more, below it the
// walk does. A variable for the tests.
var manyMatches = 10_000

// tagNames lists the distinct tags, one index seek each (a loose scan of
// creator_tags_by_tag), in order.
const tagNames = `WITH RECURSIVE names (tag) AS (
		SELECT MIN(tag) FROM creator_tags
		UNION ALL
		SELECT (SELECT MIN(t.tag) FROM creator_tags t WHERE t.tag > names.tag) FROM names WHERE names.tag IS NOT NULL)
	SELECT tag FROM names WHERE tag IS NOT NULL`

// matchingTags returns, as a JSON array for json_each, the tags a word of
// which starts with frag; "" when none does.
func matchingTags(ctx context.Context, q querier, frag string) (string, error) {
	rows, err := q.QueryContext(ctx, tagNames)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var tags []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return "", err
		}
		if startsWord(t, frag) {
			tags = append(tags, t)
		}
	}
	if err := rows.Err(); err != nil || len(tags) == 0 {
		return "", err
	}
	b, err := json.Marshal(tags)
	return string(b), err
}

// startsWord reports whether frag occurs in s at the start of a word: at
// the start of s, or after a character that is not a letter or digit.
func startsWord(s, frag string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], frag)
		if j < 0 {
			return false
		}
		at := i + j
		if before, _ := utf8.DecodeLastRuneInString(s[:at]); at == 0 || !unicode.IsLetter(before) && !unicode.IsDigit(before) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[at:])
		i = at + size
	}
}

// atLeast reports whether the query (one placeholder for arg, then one
// for its limit) has at least n rows, reading at most n.
func atLeast(ctx context.Context, q querier, n int, query string, arg any) (bool, error) {
	var got int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+query+` LIMIT ?)`, arg, n).Scan(&got)
	return got >= n, err
}

// isASCII reports whether s is all ASCII: then LIKE, which folds ASCII
// letters only, finds what the trigram index finds.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// matchedIDs is a query of the ids of the creators that match text, each
// once, when the indexes answer it (three characters or more; ok false
// otherwise). Counting it touches no creator row: at a million creators,
// counting the 150,000 that "reply" finds took a third of the time.
func matchedIDs(ctx context.Context, q querier, text string) (ids string, args []any, ok bool, err error) {
	frag := searchFragment(text)
	if utf8.RuneCountInString(frag) < 3 {
		return "", nil, false, nil
	}
	tags, err := matchingTags(ctx, q, frag)
	if err != nil {
		return "", nil, false, err
	}
	ids, args = `SELECT rowid FROM creators_search WHERE creators_search MATCH ?`, []any{ftsPhrase(frag)}
	if tags != "" {
		ids += ` UNION SELECT creator_id FROM creator_tags WHERE tag IN (SELECT value FROM json_each(?))`
		args = append(args, tags)
	}
	return ids, args, true, nil
}

// ftsPhrase quotes frag as one FTS5 phrase, so that nothing in it is
// syntax.
func ftsPhrase(frag string) string { return `"` + strings.ReplaceAll(frag, `"`, `""`) + `"` }

// creatorMatch is the condition that the creator c (the alias of a
// creators row in the query) matches the filter text, with its arguments;
// "" when the text is empty.
//
// page says the condition serves a page read in sort order: then a part
// that matches at least manyMatches creators is checked row by row, by
// LIKE for the indexed text (LIKE folds case as the index does for ASCII;
// other text stays with the index) and through the tag index for tags,
// and the page stops at its last row. Otherwise, and for counts, each part
// is gathered through its index once per query.
func creatorMatch(ctx context.Context, q querier, c, text string, page bool) (string, []any, error) {
	frag := searchFragment(text)
	if frag == "" {
		return "", nil, nil
	}
	tags, err := matchingTags(ctx, q, frag)
	if err != nil {
		return "", nil, err
	}
	const (
		indexed = `SELECT rowid FROM creators_search WHERE creators_search MATCH ?`
		tagged  = `SELECT creator_id FROM creator_tags WHERE tag IN (SELECT value FROM json_each(?))`
		perRow  = `EXISTS (SELECT 1 FROM creator_tags t WHERE t.creator_id = %s.id AND t.tag IN (SELECT value FROM json_each(?)))`
	)
	tagsMany := false
	if tags != "" && page {
		if tagsMany, err = atLeast(ctx, q, manyMatches, tagged, tags); err != nil {
			return "", nil, err
		}
	}
	pat := "%" + likeEscape(frag) + "%"
	// LIKE folds ASCII letters, all SQLite's lower() would fold: no
	// lower() (a third of a scan of a million names).
	like := `(` + c + `.handle LIKE ? ESCAPE '\' OR ` + c + `.display_name LIKE ? ESCAPE '\' OR ` + c + `.email LIKE ? ESCAPE '\')`
	var parts []string
	var args []any
	add := func(part string, a ...any) { parts, args = append(parts, part), append(args, a...) }
	if utf8.RuneCountInString(frag) < 3 {
		add(like, pat, pat, pat)
	} else {
		phrase := ftsPhrase(frag)
		textMany := false
		if page && isASCII(frag) {
			if textMany, err = atLeast(ctx, q, manyMatches, indexed, phrase); err != nil {
				return "", nil, err
			}
		}
		switch {
		case textMany:
			add(like, pat, pat, pat)
		case tags != "" && !tagsMany:
			// both sets at once, read once per query
			return c + `.id IN (` + indexed + ` UNION ALL ` + tagged + `)`, []any{phrase, tags}, nil
		default:
			add(c+`.id IN (`+indexed+`)`, phrase)
		}
	}
	switch {
	case tags == "":
	case tagsMany:
		add(fmt.Sprintf(perRow, c), tags)
	default:
		add(c+`.id IN (`+tagged+`)`, tags)
	}
	return `(` + strings.Join(parts, " OR ") + `)`, args, nil
}
