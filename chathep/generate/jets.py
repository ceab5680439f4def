"""Anti-kT jet clustering of one event's particles, compiled with numba.

The same algorithm as Pythia's ``SlowJet(-1, R, pTjetMin, etaMax, 2, 2)`` with fjcore (the
generator used it before events were read in batches): anti-kT distances
``d_ij = min(1/kT_i^2, 1/kT_j^2) dR_ij^2 / R^2`` and ``d_iB = 1/kT_i^2`` with
``dR^2 = dy^2 + dphi^2`` in rapidity y (FastJet's convention, also for massive particles),
E-scheme recombination (four-momenta added), jets above ``pt_min`` ordered in decreasing pT.
The clustering is FastJet's "N2Plain" strategy: every pseudojet remembers its nearest
neighbour, so one event costs O(N^2) for N particles (about 0.1 ms for a ttbar event).
``tests/test_generate_units.py`` checks the jets against SlowJet on Pythia events.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_MAX_RAP = 1.0e5  # FastJet's rapidity for particles along the beam
_TWO_PI = 2.0 * math.pi


@njit(cache=True, inline="always")
def _rap_phi_kt2(px, py, pz, e):
    kt2 = px * px + py * py
    phi = math.atan2(py, px) if kt2 > 0.0 else 0.0
    if phi < 0.0:
        phi += _TWO_PI
    if e == abs(pz) and kt2 == 0.0:
        rap = _MAX_RAP + abs(pz)
        return (rap if pz >= 0.0 else -rap), phi, kt2
    m2 = max(0.0, (e + pz) * (e - pz) - kt2)
    e_plus_pz = e + abs(pz)
    rap = 0.5 * math.log((kt2 + m2) / (e_plus_pz * e_plus_pz))
    return (-rap if pz > 0.0 else rap), phi, kt2


@njit(cache=True, inline="always")
def _dr2(rap, phi, i, j):
    dphi = abs(phi[i] - phi[j])
    if dphi > math.pi:
        dphi = _TWO_PI - dphi
    drap = rap[i] - rap[j]
    return drap * drap + dphi * dphi


@njit(cache=True)
def _nearest(i, active, rap, phi, n):
    best, best_j = 1.0e300, -1
    for j in range(n):
        if j != i and active[j]:
            d = _dr2(rap, phi, i, j)
            if d < best:
                best, best_j = d, j
    return best_j, best


@njit(cache=True)
def antikt(px, py, pz, e, radius, pt_min):
    """Anti-kT jets of the given particles: (n_jets, 4) array of px, py, pz, E by falling pT."""
    n = len(px)
    jpx, jpy, jpz, je = px.copy(), py.copy(), pz.copy(), e.copy()
    rap, phi, inv_kt2 = np.empty(n), np.empty(n), np.empty(n)
    for i in range(n):
        y, p, k2 = _rap_phi_kt2(jpx[i], jpy[i], jpz[i], je[i])
        rap[i], phi[i] = y, p
        inv_kt2[i] = 1.0 / k2 if k2 > 0.0 else 1.0e300
    r2 = radius * radius
    active = np.ones(n, dtype=np.bool_)
    nn = np.full(n, -1, dtype=np.int64)
    nn_dist = np.full(n, 1.0e300)
    for i in range(n):
        nn[i], nn_dist[i] = _nearest(i, active, rap, phi, n)
    out = np.empty((n, 4))
    n_out = 0
    for _ in range(n):
        # the smallest of all d_iB and d_ij
        best, bi = 1.0e300, -1
        for i in range(n):
            if active[i]:
                d = inv_kt2[i]
                if nn[i] >= 0:
                    dij = min(inv_kt2[i], inv_kt2[nn[i]]) * nn_dist[i] / r2
                    if dij < d:
                        d = dij
                if d < best:
                    best, bi = d, i
        if bi < 0:
            break
        bj = nn[bi]
        merge = bj >= 0 and min(inv_kt2[bi], inv_kt2[bj]) * nn_dist[bi] / r2 < inv_kt2[bi]
        if merge:
            # E-scheme: bi becomes the sum, bj disappears
            jpx[bi] += jpx[bj]
            jpy[bi] += jpy[bj]
            jpz[bi] += jpz[bj]
            je[bi] += je[bj]
            active[bj] = False
            y, p, k2 = _rap_phi_kt2(jpx[bi], jpy[bi], jpz[bi], je[bi])
            rap[bi], phi[bi] = y, p
            inv_kt2[bi] = 1.0 / k2 if k2 > 0.0 else 1.0e300
            nn[bi], nn_dist[bi] = _nearest(bi, active, rap, phi, n)
        else:
            active[bi] = False
            if jpx[bi] * jpx[bi] + jpy[bi] * jpy[bi] >= pt_min * pt_min:
                out[n_out, 0] = jpx[bi]
                out[n_out, 1] = jpy[bi]
                out[n_out, 2] = jpz[bi]
                out[n_out, 3] = je[bi]
                n_out += 1
        # neighbours that pointed at the changed pseudojets, or are closer to the merged one
        for k in range(n):
            if not active[k] or k == bi:
                continue
            if nn[k] == bi or nn[k] == bj:
                nn[k], nn_dist[k] = _nearest(k, active, rap, phi, n)
            elif merge:
                d = _dr2(rap, phi, k, bi)
                if d < nn_dist[k]:
                    nn[k], nn_dist[k] = bi, d
    jets = out[:n_out]
    pt2 = jets[:, 0] ** 2 + jets[:, 1] ** 2
    return jets[np.argsort(-pt2, kind="mergesort")]
