// Macros shared by the element-wise kernels (cubic_amd64.s, adam_amd64.s,
// exp_amd64.s).

// ALL_LANES sets the lane mask k to all eight lanes of a ZMM register.
#define ALL_LANES(k) \
	MOVQ $0xff, AX; \
	KMOVW AX, k

// NEXT_LANES heads an AVX-512 loop over the CX elements left: it jumps to
// done when none is left, to body when at least 8 are (k stays all eight
// lanes), and otherwise sets k to the first CX lanes and CX to 8, so that the
// body's last pass loads and stores under k alone.
#define NEXT_LANES(k) \
	CMPQ CX, $8; \
	JGE body; \
	TESTQ CX, CX; \
	JLE done; \
	MOVQ $1, AX; \
	SHLQ CX, AX; \
	DECQ AX; \
	KMOVW AX, k; \
	MOVQ $8, CX

// CUBIC_PIECES computes, from the pre-activations u, the smoothed ReLU's
// pieces in RefCubicValueSlope's order: mv = ((u·u)·u)·coef, ms = w·w with
// w = u·inv (left in w), and top = u − shift. Any vector width.
#define CUBIC_PIECES(u, w, mv, top, coef, shift, inv) \
	VMULPD inv, u, w; \
	VMULPD u, u, mv; \
	VMULPD u, mv, mv; \
	VMULPD coef, mv, mv; \
	VMULPD w, w, w; \
	VSUBPD shift, u, top

// ADAM_STEP applies RefAdamUpdate's arithmetic to loaded vectors g, m, v and
// w, leaving the new m, v and w in their registers; t1 and t2 are scratch.
// Any vector width.
#define ADAM_STEP(g, m, v, w, t1, t2, beta1, beta2, rest1, rest2, corr1, corr2, eta, eps) \
	VMULPD beta1, m, m; \
	VMULPD rest1, g, t1; \
	VADDPD t1, m, m; \
	VMULPD beta2, v, v; \
	VMULPD rest2, g, t2; \
	VMULPD g, t2, t2; \
	VADDPD t2, v, v; \
	VMULPD corr1, m, t1; \
	VMULPD corr2, v, t2; \
	VSQRTPD t2, t2; \
	VADDPD eps, t2, t2; \
	VDIVPD t2, t1, t1; \
	VMULPD eta, t1, t1; \
	VSUBPD t1, w, w

// EXP_SQUARINGS ends math.Exp's polynomial: from y = r·p it computes
// y ← y·(y + 2) three times, then y·(y + 2) + 1 fused (VFMADD213PD), as the
// runtime's math.Exp does; t is scratch, two and one hold 2 and 1. Any vector
// width.
#define EXP_SQUARINGS(y, t, two, one) \
	VADDPD two, y, t; \
	VMULPD t, y, y; \
	VADDPD two, y, t; \
	VMULPD t, y, y; \
	VADDPD two, y, t; \
	VMULPD t, y, y; \
	VADDPD two, y, t; \
	VFMADD213PD one, t, y

// BROADCAST4 fills r0–r3 with the four float64 at off(base), off+8(base), ….
#define BROADCAST4(base, off, r0, r1, r2, r3) \
	VBROADCASTSD (off+0)(base), r0; \
	VBROADCASTSD (off+8)(base), r1; \
	VBROADCASTSD (off+16)(base), r2; \
	VBROADCASTSD (off+24)(base), r3
