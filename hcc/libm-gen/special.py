#!/usr/bin/env python3
"""special.py -- generates the polynomial coefficients of hcc_libm_special.h
(error functions, their inverses, lgamma and tgamma).
Run: python3 hcc/libm-gen/special.py  (needs mpmath; two or three minutes)
and paste the output into the header, between its top comment and its code.

Every approximation is a polynomial p fitted by the Remez exchange algorithm
to minimise the relative error max |(h - p) / h| on an interval, h being the
smooth function the header evaluates (a quotient such as erf(x)/x or
lgamma(1 + u)/u, so that the header's exact factors keep zeros exact).
Most are evaluated as  c0 + u (c1 + ... u (c_(nd-1) + u R(u)))  with
c0 ... c_(nd-1) stored as double-doubles {hi, lo} and those Horner steps done
in double-double arithmetic; R's coefficients are plain doubles.  The
coefficients are rounded one at a time, refitting the rest (see fit).  The
script prints, next to each table, the relative error of the rounded
coefficients in that form, measured on a dense grid against mpmath, and the
largest share u^nd R(u) / p(u) of the double part, which bounds the effect
of R's rounding errors on the result (2^-4 of it costs about 2^-57).
"""
import mpmath as mp

mp.mp.dps = 50


# ---- fitting -------------------------------------------------------------------

def remez(us, gs, ws, deg, iters=60):
    """Discrete Remez exchange on the grid us: the coefficients c[0..deg] (of
    u^k) minimising max |w (g - p)| over the grid, g and w given as lists."""
    n = deg + 1
    m = len(us)
    # first reference: the grid points nearest the Chebyshev extrema
    ref = sorted(set(int(round((m - 1) * (1 - mp.cos(mp.pi * k / n)) / 2)) for k in range(n + 1)))
    best = None
    for _ in range(iters):
        if len(ref) != n + 1:
            break
        A = mp.matrix(n + 1, n + 1)
        rhs = mp.matrix(n + 1, 1)
        for i, k in enumerate(ref):
            for j in range(n):
                A[i, j] = ws[k] * us[k] ** j
            A[i, n] = (-1) ** i  # w(u) p(u) + (-1)^i E = w(u) g(u)
            rhs[i] = ws[k] * gs[k]
        sol = mp.lu_solve(A, rhs)
        c = [sol[j] for j in range(n)]
        err = [ws[k] * (gs[k] - mp.polyval(c[::-1], us[k])) for k in range(m)]
        worst = max(abs(e) for e in err)
        if best is None or worst < best[1]:
            best = (c, worst)
        if worst <= abs(sol[n]) * (1 + mp.mpf("1e-6")):
            break  # levelled: the reference error is the maximum
        # exchange: the largest error of each run of equal signs
        alt = []
        for k in range(m):
            if err[k] == 0:
                continue
            if alt and mp.sign(err[alt[-1]]) == mp.sign(err[k]):
                if abs(err[k]) > abs(err[alt[-1]]):
                    alt[-1] = k
            else:
                alt.append(k)
        while len(alt) > n + 1:
            # drop the smallest extremum: at an end that keeps the signs
            # alternating; inside, one of its two neighbours (now of equal
            # sign) must go too, unless only one point is to go, which then
            # is the smaller end
            i = min(range(len(alt)), key=lambda j: abs(err[alt[j]]))
            if 0 < i < len(alt) - 1 and len(alt) > n + 2:
                alt.pop(i)
                alt.pop(i - 1 if abs(err[alt[i - 1]]) < abs(err[alt[i]]) else i)
            elif 0 < i < len(alt) - 1:
                alt.pop(0 if abs(err[alt[0]]) < abs(err[alt[-1]]) else -1)
            else:
                alt.pop(i)
        ref = alt
    return best[0]


def grid(a, b, m):
    """m + 1 points clustered at the ends of [a, b] like Chebyshev extrema"""
    a, b = mp.mpf(a), mp.mpf(b)
    return [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * k / m) for k in range(m + 1)]


def split(v):
    hi = float(v)
    return hi, float(v - mp.mpf(hi))


def fit(h, a, b, deg, ndd, m=1200):
    """Relative minimax fit of h on [a, b] whose coefficients are then
    rounded one at a time, from the lowest degree up, refitting the higher
    ones after each rounding (so that they absorb part of its error).  The
    first ndd coefficients are kept as double-doubles.  Returns the stored
    list: ndd {hi, lo} pairs, then doubles."""
    us = grid(a, b, m)
    hs = [h(u) for u in us]
    c = remez(us, hs, [1 / abs(v) for v in hs], deg)
    stored, fixed = [], []
    for k in range(deg + 1):
        if k < ndd:
            hi, lo = split(c[k])
            stored += [hi, lo]
            fixed.append(mp.mpf(hi) + mp.mpf(lo))
            continue
        stored.append(float(c[k]))
        fixed.append(mp.mpf(stored[-1]))
        if k == deg:
            break
        # refit c[k+1..deg] to g = (h - fixed part) / u^(k+1), weighted so
        # that the error stays relative to h
        pts = [(u, hv) for u, hv in zip(us, hs) if u != 0]
        gs = [(hv - mp.polyval(fixed[::-1], u)) / u ** (k + 1) for u, hv in pts]
        ws = [abs(u) ** (k + 1) / abs(hv) for u, hv in pts]
        c = fixed + remez([u for u, _ in pts], gs, ws, deg - k - 1)
    return stored


def value(stored, ndd, u):
    """the polynomial as the header stores it, evaluated exactly"""
    c = [mp.mpf(stored[2 * k]) + mp.mpf(stored[2 * k + 1]) for k in range(ndd)]
    c += [mp.mpf(v) for v in stored[2 * ndd:]]
    return mp.polyval(c[::-1], u)


def measure(h, stored, ndd, a, b, m=2999):
    """the relative error of the stored polynomial, and the largest share of
    its double part, |u^ndd R(u) / p(u)| (R's rounding errors scale with it)"""
    worst, share = mp.mpf(0), mp.mpf(0)
    tail = [mp.mpf(v) for v in stored[2 * ndd:]]
    for u in grid(a, b, m):
        hv = h(u)
        p = value(stored, ndd, u)
        worst = max(worst, abs((p - hv) / hv))
        share = max(share, abs(u**ndd * mp.polyval(tail[::-1], u) / p))
    return worst, share


def lg2(e):
    return float(mp.log(e, 2)) if e > 0 else -999.0


def hexd(v):
    return "0.0" if v == 0 else v.hex()


def fmt_row(vals, indent="    "):
    items = [hexd(v) for v in vals]
    lines, line = [], indent
    for it in items:
        piece = it + ", "
        if len(line) + len(piece) > 100:
            lines.append(line.rstrip())
            line = indent
        line += piece
    lines.append(line.rstrip().rstrip(","))
    return "\n".join(lines)


def emit_poly(name, h, a, b, deg, ndd, what, m=1200):
    coeffs = fit(h, a, b, deg, ndd, m)
    err, share = measure(h, coeffs, ndd, a, b, 2 * m + 1)
    print("/* %s: degree %d, relative error 2^%.1f, double part's share 2^%.1f */" %
          (what, deg, lg2(err), lg2(share)))
    print("#define %s_ND %d /* double-double coefficients */" % (name.upper(), ndd))
    print("#define %s_N %d /* then doubles */" % (name.upper(), len(coeffs) - 2 * ndd))
    print("static const double %s[%d] = {\n%s};" % (name, len(coeffs), fmt_row(coeffs)))
    print()
    return coeffs


def emit_pieces(name, pieces, deg, ndd, what, m=1200):
    """pieces: (center, a, b, h) with h a function of u = x - center on
    [a - center, b - center]; one row per piece: {center, coefficients}"""
    rows, notes = [], []
    for center, a, b, h in pieces:
        coeffs = fit(h, a - center, b - center, deg, ndd, m)
        err, share = measure(h, coeffs, ndd, a - center, b - center, 2 * m + 1)
        rows.append([float(center)] + coeffs)
        notes.append("[%g, %g]: 2^%.1f (share 2^%.1f)" % (a, b, lg2(err), lg2(share)))
    print("/* %s: degree %d; relative errors (and double parts' shares)\n * %s */" %
          (what, deg, ",\n * ".join(notes)))
    print("#define %s_ND %d /* double-double coefficients */" % (name.upper(), ndd))
    print("#define %s_N %d /* then doubles */" % (name.upper(), len(rows[0]) - 1 - 2 * ndd))
    print("static const double %s[%d][%d] = {" % (name, len(rows), len(rows[0])))
    for r in rows:
        print("    {\n%s}," % fmt_row(r, "        "))
    print("};")
    print()


# ---- the functions -----------------------------------------------------------

def erfcx(x):
    with mp.workdps(mp.mp.dps + 20):
        return mp.erfc(x) * mp.exp(x * x)


def erfcinv(q, dps=80):
    """erfc(y) = q, by Newton's method on log erfc (any q in (0, 1))"""
    q = mp.mpf(q)
    with mp.workdps(dps):
        y = mp.erfinv(1 - q) if q > mp.mpf("1e-25") else mp.sqrt(-mp.log(q))
        for _ in range(200):
            g = mp.log(mp.erfc(y) / q)
            d = g * mp.sqrt(mp.pi) * erfcx(y) / 2  # g / g'
            y += d
            if abs(d) < mp.mpf(10) ** (10 - dps) * y:
                break
    return +y


def quotient(f, c, d0):
    """u -> f(c + u) / u, with the limit d0 at u = 0"""
    def h(u):
        if abs(u) < mp.mpf("1e-40"):
            return d0
        with mp.workdps(mp.mp.dps + 60):
            return f(c + u) / u
    return h


def main():
    print("/* generated by hcc/libm-gen/special.py */\n")

    # -- sin(pi r) and cos(pi r), |r| <= 1/4, for the reflection formulas --
    def sinq(w):
        if w == 0:
            return +mp.pi
        r = mp.sqrt(w)
        return mp.sin(mp.pi * r) / r
    emit_poly("__hcc_sp_sinpi_c", sinq, 0, mp.mpf(1) / 16, 7, 2,
              "sin(pi r) = r S(r^2), |r| <= 1/4")

    emit_poly("__hcc_sp_cospi_c", lambda w: mp.cos(mp.pi * mp.sqrt(w)), 0, mp.mpf(1) / 16, 7, 2,
              "cos(pi r) = C(r^2), |r| <= 1/4")

    # -- lgamma near 1, 1.5 and 2 --
    lgam = mp.loggamma
    emit_poly("__hcc_sp_lgamma1_c", quotient(lgam, 1, -mp.euler), -0.25, 0.25, 19, 3,
              "lgamma(1 + u) = u P(u), |u| <= 1/4")
    emit_poly("__hcc_sp_lgamma15_c", lambda u: lgam(mp.mpf(1.5) + u), -0.25, 0.25, 17, 3,
              "lgamma(1.5 + u) = P(u), |u| <= 1/4")
    emit_poly("__hcc_sp_lgamma2_c", quotient(lgam, 2, 1 - mp.euler), -0.25, 0.25, 14, 3,
              "lgamma(2 + u) = u P(u), |u| <= 1/4")

    # -- Stirling's series: lgamma(x) = (x - 1/2) log x - x + log(2 pi)/2 + T(1/x^2)/x --
    def stirling(z):
        if z == 0:
            return mp.mpf(1) / 12
        x = 1 / mp.sqrt(z)
        with mp.workdps(100):
            return (lgam(x) - (x - 0.5) * mp.log(x) + x - mp.log(2 * mp.pi) / 2) * x
    emit_poly("__hcc_sp_stirling_c", stirling, 0, mp.mpf(1) / 64, 8, 0,
              "Stirling: T(z) on z = 1/x^2 <= 1/64")

    # -- erf(x) = x E(x^2), |x| <= 1/2 --
    def erfq(w):
        if w == 0:
            return 2 / mp.sqrt(mp.pi)
        x = mp.sqrt(w)
        return mp.erf(x) / x
    emit_poly("__hcc_sp_erf_c", erfq, 0, 0.25, 9, 2, "erf(x) = x E(x^2), |x| <= 1/2")

    # -- erfcx on [0, 4] in pieces, and 1/x^2 beyond --
    pieces = [(0, 0, 0.25), (0.375, 0.25, 0.5), (0.75, 0.5, 1), (1.5, 1, 2), (2.5, 2, 3), (3.5, 3, 4)]
    emit_pieces("__hcc_sp_erfcx_c",
                [(mp.mpf(c), a, b, (lambda c: lambda u: erfcx(c + u))(mp.mpf(c))) for c, a, b in pieces],
                16, 3, "erfcx(x) = P(x - center) on [a, b]")

    def asym(z):
        if z < mp.mpf("1e-30"):
            return -mp.mpf(1) / 2 + 3 * z / 4
        x = 1 / mp.sqrt(z)
        with mp.workdps(100):
            return (x * mp.sqrt(mp.pi) * erfcx(x) - 1) / z
    emit_poly("__hcc_sp_erfcx_asym_c", asym, 0, mp.mpf(1) / 16, 16, 0,
              "erfcx(x) = (1 + z A(z)) / (x sqrt(pi)), z = 1/x^2 <= 1/16")

    # -- erfinv(x) = x V(x^2), |x| <= 1/2 --
    def erfinvq(w):
        if w == 0:
            return mp.sqrt(mp.pi) / 2
        x = mp.sqrt(w)
        with mp.workdps(80):
            return mp.erfinv(x) / x
    emit_poly("__hcc_sp_erfinv_c", erfinvq, 0, 0.25, 15, 2, "erfinv(x) = x V(x^2), |x| <= 1/2")

    # -- a first approximation of erfcinv(q), q < 1/2, in t = sqrt(-log q) --
    t0 = mp.sqrt(mp.log(2))
    tail = [(1.2, t0, 1.6), (2.4, 1.6, 3.2), (4.8, 3.2, 6.4), (9.6, 6.4, 12.8), (20.0, 12.8, 27.5)]
    emit_pieces("__hcc_sp_erfcinv_c",
                [(mp.mpf(c), a, b, (lambda c: lambda u: erfcinv(mp.exp(-(c + u) ** 2), 30))(mp.mpf(c)))
                 for c, a, b in tail], 9, 0, "erfcinv(q) ~ Y(t - center), t = sqrt(-log q) in [a, b]", m=300)

    # -- constants as double-doubles {hi, lo} --
    consts = [("LOG_PI", mp.log(mp.pi)), ("HALF_LOG_2PI", mp.log(2 * mp.pi) / 2),
              ("TWO_OVER_SQRTPI", 2 / mp.sqrt(mp.pi)), ("INV_SQRTPI", 1 / mp.sqrt(mp.pi)),
              ("SQRTPI_OVER_2", mp.sqrt(mp.pi) / 2), ("SQRT2", mp.sqrt(2)), ("INV_SQRT2", 1 / mp.sqrt(2))]
    for nm, v in consts:
        hi, lo = split(v)
        print("#define __HCC_SP_%s_H %s\n#define __HCC_SP_%s_L %s" % (nm, hexd(hi), nm, hexd(lo)))


if __name__ == "__main__":
    main()
