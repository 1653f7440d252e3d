package linear

import (
	"encoding/json"
	"fmt"

	"github.com/modcomp/modcomp/core/linear"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/readlimit"
)

// Golden is the content of golden/linear/<case>.json: the case's
// parameters, every seed's measurements (without the trajectory) and the
// verdicts.
type Golden struct {
	Case     string           `json:"case"`
	Size     string           `json:"size"`
	Params   linear.Params    `json:"params"`
	Runs     []linear.Run     `json:"runs"`
	Verdicts []result.Verdict `json:"verdicts"`
}

// Golden extracts the pinned fields of an outcome.
func (o *Outcome) Golden() Golden {
	g := Golden{Case: o.Case.Name, Size: o.Size.String(), Params: o.Case.Params, Verdicts: o.Verdicts}
	for _, r := range o.Runs {
		r.Trajectory = nil
		g.Runs = append(g.Runs, r)
	}
	return g
}

// maxGolden bounds a golden file's size.
const maxGolden = 1 << 20

// ReadGolden reads a golden file.
func ReadGolden(path string) (Golden, error) {
	var g Golden
	b, err := readlimit.ReadFile(path, maxGolden)
	if err != nil {
		return g, err
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return g, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// Compare reports the first difference between a golden file and a new
// outcome's golden values: the runs' numbers bit for bit (the model's every
// product and sum has one order and one rounding on every path and
// platform: core/linear), the verdicts exactly.
func Compare(want, got Golden) error {
	if want.Case != got.Case || want.Size != got.Size || want.Params != got.Params {
		return fmt.Errorf("case, size or parameters differ: %+v vs %+v", want.Params, got.Params)
	}
	if len(want.Runs) != len(got.Runs) {
		return fmt.Errorf("%s: %d runs, golden %d", got.Case, len(got.Runs), len(want.Runs))
	}
	for i := range want.Runs {
		wb, _ := json.Marshal(want.Runs[i])
		gb, _ := json.Marshal(got.Runs[i])
		if string(wb) != string(gb) {
			return fmt.Errorf("%s seed %d differs from the golden file\n got  %s\n want %s", got.Case, got.Runs[i].Seed, gb, wb)
		}
	}
	wv, _ := json.Marshal(want.Verdicts)
	gv, _ := json.Marshal(got.Verdicts)
	if string(wv) != string(gv) {
		return fmt.Errorf("%s: the verdicts differ from the golden file\n got  %s\n want %s", got.Case, gv, wv)
	}
	return nil
}
