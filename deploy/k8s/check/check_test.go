// Package check validates the Kubernetes manifests of deploy/k8s against the
// official API types (k8s.io/api), decoding strictly so that an unknown or
// misplaced field fails. It is its own module so that the harness does not
// depend on Kubernetes; .ci/run runs it.
package check

import (
	"os"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	"sigs.k8s.io/yaml"
)

func TestSweepJobManifest(t *testing.T) {
	data, err := os.ReadFile("../sweep-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var job batchv1.Job
	if err := yaml.UnmarshalStrict(data, &job); err != nil {
		t.Fatalf("sweep-job.yaml does not match batch/v1 Job: %v", err)
	}
	if job.APIVersion != "batch/v1" || job.Kind != "Job" {
		t.Fatalf("want batch/v1 Job, got %s %s", job.APIVersion, job.Kind)
	}
	if job.Spec.CompletionMode == nil || *job.Spec.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("the sweep needs completionMode: Indexed")
	}
	if job.Spec.Completions == nil || *job.Spec.Completions != 4 {
		t.Fatal("completions must equal the shard count in the args (4)")
	}
	args := strings.Join(job.Spec.Template.Spec.Containers[0].Args, " ")
	for _, want := range []string{"-shard=$(JOB_COMPLETION_INDEX)/4", "results-$(JOB_COMPLETION_INDEX).jsonl", "sweep"} {
		if !strings.Contains(args, want) {
			t.Fatalf("args %q lack %q", args, want)
		}
	}
}
