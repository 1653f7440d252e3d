package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/modcomp/modcomp/cases/sweep"
)

// smallMuGrid stands in for cases/grids/mu-sweep.json in the workflow tests:
// the same case and the same μ values, at a size that trains in milliseconds.
const smallMuGrid = `{"case": "paper", "seeds": 2, "params": {
  "d": [40], "n": [30], "n_test": [60], "k": [4], "m": [2], "steps": [30], "lambda_points": [5], "sigma0": [0.01],
  "mu": [[0.1, 0.1], [0.1, 0.2], [0.1, 0.3], [0.1, 0.4], [0.1, 0.5]]}}`

// shell runs command lines the way the documentation writes them, with
// modcomp in process: "go run ./cmd/modcomp" or "modcomp" followed by
// arguments, double-quoted words with $VAR expanded from env, Kubernetes'
// $(VAR) expanded too, globs, "> file" and "&&". Absolute paths are taken
// under root, as a container's volumes would be.
type shell struct {
	t    *testing.T
	root string
	env  map[string]string
}

func (sh *shell) expand(word string) string {
	word = regexp.MustCompile(`\$\((\w+)\)|\$\{?(\w+)\}?`).ReplaceAllStringFunc(word, func(m string) string {
		name := strings.Trim(m, "$(){}")
		v, ok := sh.env[name]
		require.True(sh.t, ok, "undefined variable %s", name)
		return v
	})
	if strings.HasPrefix(word, "/") {
		return filepath.Join(sh.root, word)
	}
	if flag, path, ok := strings.Cut(word, "=/"); ok && strings.HasPrefix(flag, "-") {
		return flag + "=" + filepath.Join(sh.root, "/"+path)
	}
	return word
}

// words splits a command line into words, honouring double quotes.
func words(line string) []string {
	var out []string
	var cur strings.Builder
	inQuote, any := false, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote, any = !inQuote, true
		case (r == ' ' || r == '\t') && !inQuote:
			if any {
				out = append(out, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}

// run runs one line and requires every command in it to succeed.
func (sh *shell) run(line string) {
	sh.t.Helper()
	for _, cmd := range strings.Split(line, "&&") {
		ws := words(strings.TrimSpace(cmd))
		switch {
		case len(ws) >= 3 && ws[0] == "go" && ws[1] == "run" && ws[2] == "./cmd/modcomp":
			ws = ws[3:]
		case len(ws) >= 1 && ws[0] == "modcomp":
			ws = ws[1:]
		default:
			sh.t.Fatalf("not a modcomp command: %q", cmd)
		}
		var args []string
		redirect := ""
		for i := 0; i < len(ws); i++ {
			if ws[i] == ">" {
				redirect = sh.expand(ws[i+1])
				i++
				continue
			}
			w := sh.expand(ws[i])
			if strings.ContainsAny(w, "*?[") {
				matches, err := filepath.Glob(w)
				require.NoError(sh.t, err)
				require.NotEmpty(sh.t, matches, "glob %s matches nothing", w)
				args = append(args, matches...)
				continue
			}
			args = append(args, w)
		}
		code, out, errOut := runMain(args...)
		require.Equal(sh.t, 0, code, "%q: %s", cmd, errOut)
		if redirect != "" {
			require.NoError(sh.t, os.WriteFile(redirect, []byte(out), 0o644))
		}
	}
}

// inSmallRepo makes a temporary working directory holding the small grid at
// cases/grids/mu-sweep.json, the path the documentation names.
func inSmallRepo(t *testing.T) string {
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, os.MkdirAll("cases/grids", 0o755))
	require.NoError(t, os.WriteFile("cases/grids/mu-sweep.json", []byte(smallMuGrid), 0o644))
	return dir
}

func repoFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	require.NoError(t, err)
	return string(data)
}

// checkReport reads the report a workflow wrote and checks what it must show
// of a μ sweep of the paper case.
func checkReport(t *testing.T, dir string, merged string) {
	t.Helper()
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	require.NoError(t, err)
	for _, want := range []string{"# modcomp report: case paper", "## Claims", "lambda.png", "class-accuracy.png", "error-vs-mu.png", "seeds 1, 2"} {
		require.Contains(t, string(md), want)
	}
	require.NotContains(t, string(md), "first point", "the μ sweep holds the case's own point")
	lines, err := sweep.MergeFiles([]string{merged}, false)
	require.NoError(t, err)
	require.Len(t, lines, 10, "every run of the grid, once")
}

// TestReadmeSweepWorkflow runs the sweep → merge → report commands of
// docs/reports.md verbatim, on a small grid standing at the path they name.
func TestReadmeSweepWorkflow(t *testing.T) {
	readme := repoFile(t, "docs/reports.md")
	_, block, ok := strings.Cut(readme, "A sweep spreads over machines by shards.")
	require.True(t, ok)
	_, block, _ = strings.Cut(block, "```sh\n")
	block, _, _ = strings.Cut(block, "```")
	cmds := strings.Split(strings.TrimSpace(block), "\n")
	require.Len(t, cmds, 4, "two shards, merge, report")
	dir := inSmallRepo(t)
	sh := &shell{t: t, root: dir, env: map[string]string{}}
	for _, c := range cmds {
		sh.run(c)
	}
	checkReport(t, filepath.Join(dir, "out/mu-report"), "all.jsonl")
}

// TestGithubSweepWorkflow runs the modcomp steps of .github/workflows/sweep.yml:
// every shard of the matrix with its environment, then the merge job's lines.
func TestGithubSweepWorkflow(t *testing.T) {
	var wf struct {
		On struct {
			WorkflowDispatch struct {
				Inputs map[string]struct {
					Default string `yaml:"default"`
				} `yaml:"inputs"`
			} `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Jobs map[string]struct {
			Strategy struct {
				Matrix map[string][]int `yaml:"matrix"`
			} `yaml:"strategy"`
			Steps []struct {
				Env map[string]string `yaml:"env"`
				Run string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(repoFile(t, ".github/workflows/sweep.yml")), &wf))
	grid := wf.On.WorkflowDispatch.Inputs["grid"].Default
	require.Equal(t, "cases/grids/mu-sweep.json", grid)
	dir := inSmallRepo(t)
	shard := wf.Jobs["shard"]
	require.Len(t, shard.Strategy.Matrix["shard"], 4)
	ran := 0
	for _, i := range shard.Strategy.Matrix["shard"] {
		for _, step := range shard.Steps {
			if !strings.Contains(step.Run, "modcomp") {
				continue
			}
			env := map[string]string{}
			for k, v := range step.Env {
				v = strings.ReplaceAll(v, "${{ inputs.grid }}", grid)
				v = strings.ReplaceAll(v, "${{ matrix.shard }}", itoa(i))
				env[k] = v
			}
			(&shell{t: t, root: dir, env: env}).run(step.Run)
			ran++
		}
	}
	require.Equal(t, 4, ran)
	for _, step := range wf.Jobs["merge"].Steps {
		for _, line := range strings.Split(step.Run, "\n") {
			if strings.Contains(line, "modcomp") {
				(&shell{t: t, root: dir, env: map[string]string{}}).run(line)
				ran++
			}
		}
	}
	require.Equal(t, 6, ran, "four shards, merge and report")
	checkReport(t, filepath.Join(dir, "report"), "all.jsonl")
}

// TestKubernetesSweepJob runs the Indexed Job's container command for every
// completion index, with the ConfigMap's grid and the results volume under a
// temporary root, then the merge and report line of docs/reports.md.
func TestKubernetesSweepJob(t *testing.T) {
	var job struct {
		Spec struct {
			Completions int `yaml:"completions"`
			Template    struct {
				Spec struct {
					Containers []struct {
						Command []string `yaml:"command"`
						Args    []string `yaml:"args"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(repoFile(t, "deploy/k8s/sweep-job.yaml")), &job))
	readme := repoFile(t, "docs/reports.md")
	_, k8s, ok := strings.Cut(readme, "kubectl apply -f deploy/k8s/sweep-job.yaml")
	require.True(t, ok)
	k8s, _, _ = strings.Cut(k8s, "```")
	var mergeLine string
	for _, line := range strings.Split(k8s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "modcomp merge") {
			mergeLine = strings.TrimSpace(line)
		}
	}
	require.NotEmpty(t, mergeLine)

	dir := inSmallRepo(t)
	// kubectl create configmap modcomp-grid --from-file=grid.json=cases/grids/mu-sweep.json
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "grid"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "results"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "grid/grid.json"), []byte(smallMuGrid), 0o644))
	c := job.Spec.Template.Spec.Containers[0]
	require.Equal(t, []string{"modcomp"}, c.Command)
	require.Equal(t, 4, job.Spec.Completions)
	for i := 0; i < job.Spec.Completions; i++ {
		sh := &shell{t: t, root: dir, env: map[string]string{"JOB_COMPLETION_INDEX": itoa(i)}}
		var line bytes.Buffer
		line.WriteString("modcomp")
		for _, a := range c.Args {
			line.WriteString(` "` + a + `"`)
		}
		sh.run(line.String())
	}
	(&shell{t: t, root: dir, env: map[string]string{}}).run(mergeLine)
	checkReport(t, filepath.Join(dir, "report"), "all.jsonl")
}

func itoa(i int) string { return string(rune('0' + i)) }

// TestReadmeFrontPage keeps README.md a front page that works on a fresh
// clone: at most 15 KB, every relative link names a file of the repository,
// and every `go run ./cmd/modcomp` line of its shell blocks runs as written.
func TestReadmeFrontPage(t *testing.T) {
	readme := repoFile(t, "README.md")
	require.LessOrEqual(t, len(readme), 15000, "the README is a front page; the rest belongs in docs/")
	root := filepath.Join("..", "..")
	for _, m := range regexp.MustCompile(`\]\(([^)#\s]+)(#[^)]*)?\)`).FindAllStringSubmatch(readme, -1) {
		if strings.Contains(m[1], "://") {
			continue
		}
		_, err := os.Stat(filepath.Join(root, m[1]))
		require.NoError(t, err, "README links to %s", m[1])
	}
	ran := 0
	for _, block := range strings.Split(readme, "```sh\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		for _, line := range strings.Split(block, "\n") {
			line, _, _ = strings.Cut(line, "#")
			args, ok := strings.CutPrefix(strings.TrimSpace(line), "go run ./cmd/modcomp ")
			if !ok {
				continue
			}
			code, out, errOut := runMain(strings.Fields(args)...)
			require.Equal(t, 0, code, "%s: %s", line, errOut)
			require.NotEmpty(t, out, line)
			ran++
		}
	}
	require.Positive(t, ran, "the README's first command runs")

	// The quick start's sample is what `go run ./cmd/modcomp run` prints.
	_, sample, ok := strings.Cut(readme, "## Quick start")
	require.True(t, ok)
	_, sample, _ = strings.Cut(sample, "```\n")
	sample, _, _ = strings.Cut(sample, "```")
	code, out, errOut := runMain("run")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, sample, out, "the README's sample output is the default run's")
}

// TestDocsLinks: every relative link of docs/*.md names a file of the
// repository.
func TestDocsLinks(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	for _, doc := range docs {
		text, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`\]\(([^)#\s]+)(#[^)]*)?\)`).FindAllStringSubmatch(string(text), -1) {
			if strings.Contains(m[1], "://") {
				continue
			}
			_, err := os.Stat(filepath.Join(filepath.Dir(doc), m[1]))
			require.NoError(t, err, "%s links to %s", doc, m[1])
		}
	}
}
