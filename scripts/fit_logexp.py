"""Fits the polynomials of core/src/logexp.rs by Remez exchange.

    pip install mpmath && python3 scripts/fit_logexp.py

Prints, for the logarithm, P(z) ~ (atanh(s)/s - 1)/z with z = s^2 on
0 <= z <= ((sqrt2 - 1)/(sqrt2 + 1))^2, degree 6; and for the exponential,
T(r) ~ (e^r - 1)/r on |r| <= ln2/2, degree 10: each with the least
relative error, and that error. Not run by the tests (mpmath is not a
dependency); the kernel's own tests check the results against libm.
"""
import mpmath as mp

mp.mp.dps = 60


def remez(f, a, b, degree, iterations=30, grid=4000):
    """Coefficients (lowest first) and the maximum relative error of the
    polynomial of `degree` closest to `f` on [a, b] in relative error."""
    n = degree
    points = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (n + 1)) for i in range(n + 2)]
    xs = [a + (b - a) * i / grid for i in range(grid + 1)]
    for _ in range(iterations):
        # p(x_i) + (-1)^i E f(x_i) = f(x_i): the error alternates at the points.
        matrix = mp.matrix(n + 2, n + 2)
        rhs = mp.matrix(n + 2, 1)
        for i, x in enumerate(points):
            fx = f(x)
            for j in range(n + 1):
                matrix[i, j] = x**j
            matrix[i, n + 1] = (-1) ** i * fx
            rhs[i] = fx
        solution = mp.lu_solve(matrix, rhs)
        coefficients = [solution[j] for j in range(n + 1)]
        errors = [(mp.polyval(coefficients[::-1], x) - f(x)) / f(x) for x in xs]
        worst = max(abs(e) for e in errors)
        # The next points: the extremes of the error, one per run of a sign.
        extremes = []
        for i, e in enumerate(errors):
            inner = 0 < i < len(errors) - 1
            if inner and (abs(e) < abs(errors[i - 1]) or abs(e) < abs(errors[i + 1])):
                continue
            if extremes and mp.sign(extremes[-1][1]) == mp.sign(e):
                if abs(e) > abs(extremes[-1][1]):
                    extremes[-1] = (xs[i], e)
            else:
                extremes.append((xs[i], e))
        while len(extremes) > n + 2:
            extremes.pop(0 if abs(extremes[0][1]) < abs(extremes[-1][1]) else -1)
        if len(extremes) < n + 2:
            break
        points = [x for x, _ in extremes]
    return coefficients, worst


def log_series(z):
    if z == 0:
        return mp.mpf(1) / 3
    s = mp.sqrt(z)
    return (mp.atanh(s) / s - 1) / z


def exp_series(r):
    if r == 0:
        return mp.mpf(1)
    return (mp.exp(r) - 1) / r


def show(name, coefficients, worst):
    print(f"// {name}: relative error 2^{float(mp.log(worst, 2)):.1f}")
    print(f"const {name}: [f64; {len(coefficients)}] = [")
    for c in coefficients:
        print(f"    {float(c)!r},")
    print("];")


if __name__ == "__main__":
    z_max = ((mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)) ** 2
    show("LOG_SERIES", *remez(log_series, mp.mpf(0), z_max, 6))
    half_ln2 = mp.log(2) / 2
    show("EXP_SERIES", *remez(exp_series, -half_ln2, half_ln2, 10))
