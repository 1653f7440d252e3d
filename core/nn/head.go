package nn

import "github.com/modcomp/modcomp/core/exactmath"

// The learned head's step. It keeps the trainer's split and runs every
// product on the exact kernels. A worker owns the classes [lo, hi), so the
// neurons of those classes (rows of every W_e) and the same columns of every
// head block H_e:
//
//   - forward (by classes): Z_e of its neurons, σ(Z_e) into the shared
//     N×k·m matrix act[e] (its columns), σ'(Z_e) in Z's place;
//   - softmax (by samples): F_e = σ(Z_e) H_eᵀ on its rows (XWtRows), the fused
//     logits F = Σ_e F_e added in the order of e, the loss and Δ;
//   - backward (by classes): its columns of H_e transposed into headT[e]'s
//     rows, G_e = (Δ H_e) ⊙ σ'(Z_e) on its neurons (XWtRows with Δ), the
//     rows of ∇W_e (GtXRows), its rows of ∇H_eᵀ = σ(Z_e)ᵀ Δ (GtXRows), and
//     the updates of both.
//
// No worker reads what another writes in the same phase.

// forwardHead computes, for the neurons of classes [lo, hi): Z_e on the
// kernels, σ(Z_e) into act[e]'s columns and σ'(Z_e) in Z's place.
func (t *Trainer) forwardHead(lo, hi int) {
	net, p := t.net, t.part(lo)
	m, d := net.M, net.D
	km := net.K * m
	cols := (hi - lo) * m
	for e, r := range net.Mods {
		t.kern.XWtRowsPanels(p.z[e], t.x[r], t.rowPanels(r), net.W[e][lo*m*d:hi*m*d], p.pack, d, cols, 0, t.n)
		a := t.act[e]
		for i := 0; i < t.n; i++ {
			t.valueSlope(a[i*km+lo*m:i*km+hi*m], p.z[e][i*cols:(i+1)*cols])
		}
	}
}

// headLogits writes the logits of samples [lo, hi) into out (n×k): each
// branch's F_e = σ(Z_e) H_eᵀ on the kernels into headF[e], then their sum in
// the order of e.
func (t *Trainer) headLogits(lo, hi int, out []float64) {
	net := t.net
	k, km := net.K, net.K*net.M
	for e := range net.Mods {
		t.kern.XWtRows(t.headF[e], t.act[e], net.Head[e], km, k, lo, hi)
	}
	copy(out[lo*k:hi*k], t.headF[0][lo*k:hi*k])
	for e := 1; e < len(net.Mods); e++ {
		fe := t.headF[e][lo*k : hi*k]
		for i, v := range out[lo*k : hi*k] {
			out[lo*k+i] = v + fe[i]
		}
	}
}

// softmaxHead computes, for samples [lo, hi), the logits through the head,
// the row loss and Δ and, with Objective.Branches, each branch's softmax at
// the label and whether it classifies the sample right.
func (t *Trainer) softmaxHead(lo, hi int) {
	k := t.net.K
	t.headLogits(lo, hi, t.delta)
	invN := 1 / float64(t.n)
	branches := t.obj.Branches
	t.logSumExpRows(t.delta, lo, hi)
	for i := lo; i < hi; i++ {
		fi := t.delta[i*k : (i+1)*k]
		t.rowLoss[i] = t.soft.lse[i] - fi[t.y[i]]
		t.hit[i] = argmax(fi) == t.y[i]
	}
	t.softmaxDeltaRows(t.delta, t.y, lo, hi, invN)
	if !branches {
		return
	}
	for i := lo; i < hi; i++ {
		y := t.y[i]
		for e := range t.net.Mods {
			row := t.headF[e][i*k : (i+1)*k]
			t.scoreB[e][i] = exactmath.Exp(row[y] - logSumExp(row))
			t.hitB[e][i] = argmax(row) == y
		}
	}
}

// backwardHead computes, for the neurons of classes [lo, hi), G_e =
// (Δ H_e) ⊙ σ'(Z_e), the rows of ∇W_e and the columns of ∇H_e = Δᵀ σ(Z_e)
// that belong to them and, when stepping, updates both.
func (t *Trainer) backwardHead(lo, hi int) {
	net, p := t.net, t.part(lo)
	k, m := net.K, net.M
	km := k * m
	cols := (hi - lo) * m
	g := p.scratch[:t.n*cols]
	for e, r := range net.Mods {
		z, h, hg := p.z[e], net.Head[e], t.headGrad[e]
		ht, hgT := t.headT[e], t.headGradT[e]
		for c := lo * m; c < hi*m; c++ { // H_e's columns of these neurons, as rows of H_eᵀ
			for j := 0; j < k; j++ {
				ht[c*k+j] = h[j*km+c]
			}
		}
		t.kern.XWtRows(g, t.delta, ht[lo*m*k:hi*m*k], k, cols, 0, t.n)
		for i, v := range g {
			z[i] *= v
		}
		t.kern.GtXRows(hgT, t.act[e], t.delta, t.n, km, k, lo*m, hi*m)
		for c := lo * m; c < hi*m; c++ {
			for j := 0; j < k; j++ {
				hg[j*km+c] = hgT[c*k+j]
			}
		}
		t.gradRows(e, r, lo*m, hi*m, z)
		if !t.update {
			continue
		}
		eta := t.eta * t.headRate
		for j := 0; j < k; j++ {
			cs := h[j*km+lo*m : j*km+hi*m]
			gs := hg[j*km+lo*m : j*km+hi*m]
			t.opt.update(t.kern, cs, gs, slot{head: true, e: e, lo: j*km + lo*m, hi: j*km + hi*m}, eta)
		}
	}
}
