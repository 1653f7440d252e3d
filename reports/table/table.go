// Package table renders rows of strings as a terminal or markdown table with
// tablewriter, with headers kept exactly as written.
package table

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Format selects the rendering.
type Format int

const (
	// Text draws a boxed table for a terminal.
	Text Format = iota
	// Markdown draws a GitHub-flavoured markdown table.
	Markdown
)

// Render writes header and rows to w in the given format.
func Render(w io.Writer, f Format, header []string, rows [][]string) error {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	}
	if f == Markdown {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	}
	t := tablewriter.NewTable(w, opts...)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}
