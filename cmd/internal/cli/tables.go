package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/readlimit"
	"github.com/modcomp/modcomp/reports/export"
)

// singleDocument returns the top-level keys of data when it is one JSON object
// spread over several lines (not a results file, whose objects are one a
// line), else nil.
func singleDocument(data []byte) map[string]json.RawMessage {
	var doc map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if dec.Decode(&doc) != nil || dec.More() || bytes.Count(bytes.TrimSpace(data), []byte("\n")) == 0 {
		return nil
	}
	return doc
}

// startsAsJSON refuses, before reading it whole, a file whose first
// character after white space cannot start a run's JSON or a results line.
func startsAsJSON(path string) error {
	f, err := readlimit.Open(path, readlimit.Large)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(readlimit.Reader(f, path, readlimit.Small))
	for {
		b, err := br.ReadByte()
		if err != nil {
			return fmt.Errorf("%s is neither a run's JSON nor a results file: %w", path, err)
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return nil
		}
		return fmt.Errorf("%s is neither a run's JSON nor a results file: it starts with %q, not {", path, b)
	}
}

// ReadTables reads the CSV tables of a run's JSON (run -json, run.json) or
// of a results file (.jsonl); every problem with the file is a usage error
// naming it. force accepts a results file whose lines come from different
// revisions.
func ReadTables(path string, force bool) (*export.Tables, error) {
	if info, err := os.Stat(path); err != nil {
		return nil, UsageError{Err: err}
	} else if info.IsDir() {
		return nil, Usagef("%s is a directory, not a JSON or results file", path)
	}
	if err := startsAsJSON(path); err != nil {
		return nil, UsageError{Err: err}
	}
	data, err := readlimit.ReadFile(path, readlimit.Large)
	if err != nil {
		return nil, UsageError{Err: err}
	}
	var tabs export.Tables
	var doc result.Document
	dec := json.NewDecoder(bytes.NewReader(data))
	if dec.Decode(&doc) == nil && len(doc.Runs) > 0 && !dec.More() {
		for _, run := range doc.Runs {
			tabs.Add(export.Run{Case: doc.Case, Run: run})
		}
	} else if whole := singleDocument(data); whole != nil {
		if _, ok := whole["cases"]; ok {
			return nil, Usagef("%s is a suite's -json output: it holds verdicts, not runs; write a suite's tables with modcomp suite -csv DIR", path)
		}
		return nil, Usagef("%s is a JSON document without runs: export takes a run's JSON (run -json, run.json) or a results file (.jsonl)", path)
	} else {
		lines, err := sweep.MergeFiles([]string{path}, force)
		if err != nil {
			return nil, UsageError{Err: fmt.Errorf("%s is neither a run's JSON nor a results file: %w", path, err)}
		}
		if len(lines) == 0 {
			return nil, Usagef("%s holds no runs", path)
		}
		tabs.AddLines(lines)
	}
	return &tabs, nil
}
