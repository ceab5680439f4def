"""Pythia event records (a batch of them as flat NumPy columns) -> generator-level content.

Compiled with numba: one pass over each event record finds the final-state particles (for
GenJets, lepton isolation and MET), the particles NanoAOD keeps in ``GenPart`` with their
``statusFlags``, the weakly decaying b/c hadrons and the partons entering hadronisation (jet
flavour), and the reconstruction candidates (final e/mu with pT > 3 GeV, dressed with the
photons within dR < 0.1 for electrons, with their isolation sums), and clusters the GenJets
(anti-kT R = 0.4, the algorithm of Pythia's SlowJet/fjcore). The record navigation
(``motherList``, ``daughterList``, ``iTopCopyId``, ``iBotCopyId``) follows Pythia's
``Particle`` methods; ``tests/test_generate_units.py`` compares the results with Pythia's own
methods and SlowJet on generated events.

All indices are local to an event (0 = Pythia's system entry), as in Pythia's record.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# ------------------------------------------------------------------ anti-kT jets
# Anti-kT jet clustering of one event's particles, the algorithm of Pythia's
# SlowJet(-1, R, pTjetMin, etaMax, 2, 2) with fjcore: d_ij = min(1/kT_i^2, 1/kT_j^2)
# dR_ij^2 / R^2 and d_iB = 1/kT_i^2 with dR^2 = dy^2 + dphi^2 in rapidity y (FastJet's
# convention, also for massive particles), E-scheme recombination, jets above pt_min by
# falling pT. FastJet's "N2Plain" strategy: every pseudojet remembers its nearest
# neighbour, O(N^2) per event (0.18 ms for a ttbar event with ~180 visible particles).
# In this module, not its own: numba's cache of analyse_batch would not notice an edit
# of a function it calls from another file.
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


@njit(cache=True, inline="always")
def _dij(k, ikt2, nn, nn_dist, r2):
    """min(d_kB, d_k,NN(k)) of pseudojet k."""
    if nn[k] < 0:
        return ikt2[k]
    return min(ikt2[k], min(ikt2[k], ikt2[nn[k]]) * nn_dist[k] / r2)


@njit(cache=True)
def _rescan(k, m, rap, phi, nn, nn_dist):
    """Nearest neighbour of pseudojet k among the m live ones."""
    best, best_j = 1.0e300, -1
    for j in range(m):
        if j != k:
            d = _dr2(rap, phi, k, j)
            if d < best:
                best, best_j = d, j
    nn[k], nn_dist[k] = best_j, best


@njit(cache=True)
def antikt(px, py, pz, e, radius, pt_min):
    """Anti-kT jets of the given particles: (n_jets, 4) array of px, py, pz, E by falling pT.

    The m live pseudojets occupy slots 0 .. m-1 (a removed one is replaced by the last), each
    with its geometric nearest neighbour ``nn`` and its smallest distance ``dmin``
    (min of d_iB and d_i,nn), as in FastJet's N2Plain.
    """
    n = len(px)
    jpx, jpy, jpz, je = px.copy(), py.copy(), pz.copy(), e.copy()
    rap, phi, ikt2 = np.empty(n), np.empty(n), np.empty(n)
    for i in range(n):
        y, p, k2 = _rap_phi_kt2(jpx[i], jpy[i], jpz[i], je[i])
        rap[i], phi[i] = y, p
        ikt2[i] = 1.0 / k2 if k2 > 0.0 else 1.0e300
    r2 = radius * radius
    nn = np.full(n, -1, dtype=np.int64)
    nn_dist = np.full(n, 1.0e300)
    for i in range(n):
        for j in range(i + 1, n):
            d = _dr2(rap, phi, i, j)
            if d < nn_dist[i]:
                nn[i], nn_dist[i] = j, d
            if d < nn_dist[j]:
                nn[j], nn_dist[j] = i, d
    dmin = np.empty(n)
    for i in range(n):
        dmin[i] = _dij(i, ikt2, nn, nn_dist, r2)
    stale = np.zeros(n, dtype=np.bool_)
    out = np.empty((n, 4))
    n_out = 0
    m = n
    while m > 0:
        bi = 0
        for i in range(1, m):
            if dmin[i] < dmin[bi]:
                bi = i
        bj = nn[bi]
        merge = bj >= 0 and min(ikt2[bi], ikt2[bj]) * nn_dist[bi] / r2 < ikt2[bi]
        if merge:
            # E-scheme: slot bi becomes the sum, slot bj is freed
            jpx[bi] += jpx[bj]
            jpy[bi] += jpy[bj]
            jpz[bi] += jpz[bj]
            je[bi] += je[bj]
            y, p, k2 = _rap_phi_kt2(jpx[bi], jpy[bi], jpz[bi], je[bi])
            rap[bi], phi[bi] = y, p
            ikt2[bi] = 1.0 / k2 if k2 > 0.0 else 1.0e300
            changed, freed = bi, bj
        else:
            if jpx[bi] * jpx[bi] + jpy[bi] * jpy[bi] >= pt_min * pt_min:
                out[n_out, 0] = jpx[bi]
                out[n_out, 1] = jpy[bi]
                out[n_out, 2] = jpz[bi]
                out[n_out, 3] = je[bi]
                n_out += 1
            changed, freed = -1, bi
        # pointers to the changed or freed slot need a new neighbour
        last = m - 1
        for k in range(m):
            stale[k] = nn[k] == freed or (nn[k] == changed and changed >= 0)
        # the last slot moves into the freed one
        if freed != last:
            jpx[freed], jpy[freed], jpz[freed], je[freed] = (
                jpx[last],
                jpy[last],
                jpz[last],
                je[last],
            )
            rap[freed], phi[freed], ikt2[freed] = rap[last], phi[last], ikt2[last]
            nn[freed], nn_dist[freed], dmin[freed] = nn[last], nn_dist[last], dmin[last]
            stale[freed] = stale[last]
            if changed == last:
                changed = freed
            for k in range(last):
                if nn[k] == last:
                    nn[k] = freed
        m = last
        if changed >= 0:
            # the merged pseudojet: its own neighbour, and it may be the new nearest of others
            best, best_j = 1.0e300, -1
            for k in range(m):
                if k == changed:
                    continue
                d = _dr2(rap, phi, changed, k)
                if d < best:
                    best, best_j = d, k
                if not stale[k] and d < nn_dist[k]:
                    nn[k], nn_dist[k] = changed, d
                    dmin[k] = _dij(k, ikt2, nn, nn_dist, r2)
            nn[changed], nn_dist[changed] = best_j, best
            dmin[changed] = _dij(changed, ikt2, nn, nn_dist, r2)
            stale[changed] = False
        for k in range(m):
            if stale[k]:
                _rescan(k, m, rap, phi, nn, nn_dist)
                dmin[k] = _dij(k, ikt2, nn, nn_dist, r2)
                stale[k] = False
    jets = out[:n_out]
    pt2 = jets[:, 0] ** 2 + jets[:, 1] ** 2
    return jets[np.argsort(-pt2, kind="mergesort")]


GENJET_R = 0.4
GENJET_PT_MIN = 10.0  # GeV; NanoAOD slimmedGenJets threshold
GENJET_ETA_MAX = 5.0
LEPTON_PT_MIN = 3.0  # GeV; final-state e/mu kept as reconstruction candidates
DRESS_DR = 0.1  # photons this close to an electron are part of it

# NanoAOD GenPart_statusFlags bits
FLAG_PROMPT = 1 << 0
FLAG_DECAYED = 1 << 1
FLAG_TAU_DECAY = 1 << 2
FLAG_PROMPT_TAU_DECAY = 1 << 3
FLAG_HARD = 1 << 7
FLAG_FROM_HARD = 1 << 8
FLAG_FIRST_COPY = 1 << 12
FLAG_LAST_COPY = 1 << 13

# genPartFlav codes (NanoAOD): 1 prompt, 15 from prompt tau, 5 b, 4 c, 3 light/unknown, 22 photon
ORIGIN_PROMPT, ORIGIN_TAU, ORIGIN_B, ORIGIN_C, ORIGIN_LIGHT, ORIGIN_PHOTON = 1, 15, 5, 4, 3, 22

#: names of the per-particle input columns, in the order :func:`analyse_batch` takes them
PARTICLE_COLUMNS = ("id", "status", "mother1", "mother2", "daughter1", "daughter2")
MOMENTUM_COLUMNS = ("px", "py", "pz", "e", "m")


@njit(cache=True, inline="always")
def _has_b(aid):
    d2, d3, d4 = (aid // 10) % 10, (aid // 100) % 10, (aid // 1000) % 10
    return d3 == 5 or d4 == 5 or (d4 == 0 and d2 == 5 and d3 == 5)


@njit(cache=True, inline="always")
def _has_c(aid):
    return (aid // 100) % 10 == 4 or (aid // 1000) % 10 == 4


@njit(cache=True, inline="always")
def _eta(px, py, pz):
    """Pythia's Particle::eta(): log((|p| + |pz|) / max(1e-20, pT)), signed with pz."""
    pt = math.sqrt(px * px + py * py)
    pabs = math.sqrt(pt * pt + pz * pz)
    v = math.log((pabs + abs(pz)) / max(1e-20, pt))
    return v if pz > 0.0 else -v


@njit(cache=True, inline="always")
def _dphi(a, b):
    d = (a - b + math.pi) % (2.0 * math.pi) - math.pi
    return d


@njit(cache=True)
def _mother_range(i, st, m1, m2):
    """Pythia's Particle::motherList() as (first, last, second): a range or two entries.

    Returns (lo, hi, extra): the mothers are lo..hi inclusive, plus ``extra`` if >= 0.
    An empty list is (1, 0, -1).
    """
    sa = abs(st[i])
    a1, a2 = m1[i], m2[i]
    if sa == 11 or sa == 12:
        return 1, 0, -1
    if a1 == 0 and a2 == 0:
        return 0, 0, -1
    if a2 == 0 or a2 == a1:
        return a1, a1, -1
    if (80 < sa < 90) or (100 < sa < 107):
        return a1, a2, -1
    return min(a1, a2), min(a1, a2), max(a1, a2)


@njit(cache=True)
def _daughter_range(i, d1, d2):
    """Pythia's Particle::daughterList() as (lo, hi, extra) (beam special case left out)."""
    a1, a2 = d1[i], d2[i]
    if a1 == 0 and a2 == 0:
        return 1, 0, -1
    if a2 == 0 or a2 == a1:
        return a1, a1, -1
    if a2 > a1:
        return a1, a2, -1
    return a2, a2, a1


@njit(cache=True)
def _top_copy_id(i, ids, st, m1, m2):
    """Pythia's Particle::iTopCopyId(): up through mothers of the same id while unambiguous."""
    up = i
    pid = ids[i]
    for _ in range(10000):
        lo, hi, extra = _mother_range(up, st, m1, m2)
        found = 0
        for k in range(lo, hi + 1):
            if ids[k] == pid:
                if found != 0:
                    return up
                found = k
        if extra >= 0 and ids[extra] == pid:
            if found != 0:
                return up
            found = extra
        if found == 0:
            return up
        up = found
    return up


@njit(cache=True)
def _bot_copy_id(i, ids, d1, d2):
    """Pythia's Particle::iBotCopyId(): down through daughters of the same id."""
    dn = i
    pid = ids[i]
    for _ in range(10000):
        lo, hi, extra = _daughter_range(dn, d1, d2)
        found = 0
        for k in range(lo, hi + 1):
            if ids[k] == pid:
                if found != 0:
                    return dn
                found = k
        if extra >= 0 and ids[extra] == pid:
            if found != 0:
                return dn
            found = extra
        if found == 0:
            return dn
        dn = found
    return dn


@njit(cache=True)
def _origin(i, ids, st, m1):
    """NanoAOD genPartFlav-like origin of final-state particle ``i`` (walks up the mothers)."""
    j = i
    pid0 = abs(ids[i])
    for _ in range(200):
        m = m1[j]
        if m <= 0:
            return ORIGIN_LIGHT
        am = abs(ids[m])
        if am == pid0 and m != j:
            j = m
            continue
        if 21 <= abs(st[m]) <= 29 or am == 6 or am == 23 or am == 24 or am == 25:
            return ORIGIN_PROMPT
        if am == 15:
            return ORIGIN_TAU
        if am == 22:
            return ORIGIN_PHOTON
        if am > 100:
            if _has_b(am):
                return ORIGIN_B
            # a c hadron from a b hadron still counts as b
            k = m
            for _ in range(50):
                k = m1[k]
                if k <= 0:
                    break
                ak = abs(ids[k])
                if ak > 100 and _has_b(ak):
                    return ORIGIN_B
            return ORIGIN_C if _has_c(am) else ORIGIN_LIGHT
        j = m
    return ORIGIN_LIGHT


@njit(cache=True)
def analyse_batch(offsets, ids, st, m1, m2, d1, d2, px, py, pz, e, mass):
    """Generator-level content of every event of a batch (flat columns, ``offsets`` per event).

    Returns a tuple of (counts, columns) groups, see :func:`chathep.generate.truth.extract`.
    """
    n_ev = len(offsets) - 1
    total = len(ids)
    # per event
    n_fs = np.zeros(n_ev, np.int64)
    vis = np.zeros((n_ev, 3))  # sum px, sum py, sum pT of visible particles with |eta| < 5
    nu_sum = np.zeros((n_ev, 2))
    c_gen = np.zeros(n_ev, np.int64)
    c_lep = np.zeros(n_ev, np.int64)
    c_jet = np.zeros(n_ev, np.int64)
    c_bhad = np.zeros(n_ev, np.int64)
    c_chad = np.zeros(n_ev, np.int64)
    c_part = np.zeros(n_ev, np.int64)
    # flat outputs (upper bound: the number of particles)
    gen_f = np.empty((total, 4))  # pt, eta, phi, mass
    gen_i = np.empty((total, 4), np.int64)  # pdgId, status, statusFlags, genPartIdxMother
    lep_f = np.empty((total, 6))  # px, py, pz, e (dressed), iso03, iso04
    lep_i = np.empty((total, 3), np.int64)  # pdgId, GenPart index, origin
    jets = np.empty((total, 4))
    bhad = np.empty((total, 2))
    chad = np.empty((total, 2))
    part = np.empty((total, 4))  # pt, eta, phi, pdgId
    n_gen = n_lep = n_jet = n_bhad = n_chad = n_part = 0

    for ev in range(n_ev):
        o = offsets[ev]
        n = offsets[ev + 1] - o
        eid, est = ids[o : o + n], st[o : o + n]
        em1, em2, ed1, ed2 = m1[o : o + n], m2[o : o + n], d1[o : o + n], d2[o : o + n]
        epx, epy, epz, ee = px[o : o + n], py[o : o + n], pz[o : o + n], e[o : o + n]
        keep = np.zeros(n, np.bool_)
        origin = np.zeros(n, np.int64)
        leptons = np.empty(n, np.int64)
        nus = np.empty(n, np.int64)
        hard_b = np.empty(n, np.int64)
        det = np.empty(n, np.int64)  # visible final-state particles with |eta| < 5
        n_l = n_nu = n_hb = n_det = 0
        for i in range(3, n):
            s = est[i]
            pid = eid[i]
            a = abs(pid)
            if s > 0:
                n_fs[ev] += 1
                pt = math.sqrt(epx[i] ** 2 + epy[i] ** 2)
                if a == 12 or a == 14 or a == 16:
                    nu_sum[ev, 0] += epx[i]
                    nu_sum[ev, 1] += epy[i]
                    nus[n_nu] = i
                    n_nu += 1
                    continue
                if pt > 0.0 and abs(_eta(epx[i], epy[i], epz[i])) < GENJET_ETA_MAX:
                    vis[ev, 0] += epx[i]
                    vis[ev, 1] += epy[i]
                    vis[ev, 2] += pt
                    det[n_det] = i
                    n_det += 1
                if (a == 11 or a == 13) and pt > LEPTON_PT_MIN:
                    leptons[n_l] = i
                    n_l += 1
                    keep[i] = True
                continue
            sa = -s
            if 21 <= sa <= 29:
                keep[i] = True
                if a == 5 and sa == 23:
                    hard_b[n_hb] = _bot_copy_id(i, eid, ed1, ed2)
                    n_hb += 1
            elif a == 6 or a == 15 or a == 23 or a == 24 or a == 25:
                if i == _top_copy_id(i, eid, est, em1, em2) or i == _bot_copy_id(i, eid, ed1, ed2):
                    keep[i] = True
            elif 71 <= sa <= 79 and (a <= 5 or a == 21):
                part[n_part, 0] = math.sqrt(epx[i] ** 2 + epy[i] ** 2)
                part[n_part, 1] = _eta(epx[i], epy[i], epz[i])
                part[n_part, 2] = math.atan2(epy[i], epx[i])
                part[n_part, 3] = pid
                n_part += 1
                c_part[ev] += 1
            elif a > 100:
                hb, hc = _has_b(a), _has_c(a)
                if hb or hc:
                    weak = True
                    lo, hi, extra = _daughter_range(i, ed1, ed2)
                    for k in range(lo, hi + 2):
                        d = k if k <= hi else extra
                        if d < 0:
                            continue
                        ad = abs(eid[d])
                        if (hb and _has_b(ad)) or (not hb and _has_c(ad)):
                            weak = False
                            break
                    if weak:
                        eta_h = _eta(epx[i], epy[i], epz[i])
                        phi_h = math.atan2(epy[i], epx[i])
                        if hb:
                            bhad[n_bhad, 0], bhad[n_bhad, 1] = eta_h, phi_h
                            n_bhad += 1
                            c_bhad[ev] += 1
                            keep[i] = True
                        else:
                            chad[n_chad, 0], chad[n_chad, 1] = eta_h, phi_h
                            n_chad += 1
                            c_chad[ev] += 1
        # prompt neutrinos and the last copies of hard-process b quarks
        for k in range(n_nu):
            i = nus[k]
            og = _origin(i, eid, est, em1)
            if og == ORIGIN_PROMPT or og == ORIGIN_TAU:  # noqa: SIM109 (numba)
                keep[i] = True
                origin[i] = og
        for k in range(n_hb):
            keep[hard_b[k]] = True

        # GenPart in record order
        index = np.full(n, -1, np.int64)
        g = 0
        for i in range(n):
            if keep[i]:
                index[i] = g
                g += 1
        c_gen[ev] = g
        for i in range(n):
            if not keep[i]:
                continue
            s = est[i]
            pid = eid[i]
            a = abs(pid)
            top = _top_copy_id(i, eid, est, em1, em2)
            bot = _bot_copy_id(i, eid, ed1, ed2)
            hard = 21 <= abs(s) <= 29
            from_hard = hard or 21 <= abs(est[top]) <= 29
            flags = 0
            if hard:
                flags |= FLAG_HARD
            if from_hard:
                flags |= FLAG_FROM_HARD | FLAG_PROMPT
            if i == top:
                flags |= FLAG_FIRST_COPY
            if i == bot:
                flags |= FLAG_LAST_COPY
            if s > 0:
                status = 1
                if (a == 11 or a == 13) and origin[i] == 0:
                    origin[i] = _origin(i, eid, est, em1)
                if origin[i] == ORIGIN_PROMPT:
                    flags |= FLAG_PROMPT
                elif origin[i] == ORIGIN_TAU:
                    flags |= FLAG_TAU_DECAY | FLAG_PROMPT_TAU_DECAY
            elif (a == 15 or a > 100) and i == bot:
                status = 2
                flags |= FLAG_DECAYED
                if a == 15 and from_hard:
                    flags |= FLAG_PROMPT
            else:
                status = abs(s)
            m = mass[o + i]
            if not (m > 10.0 or a == 23 or a == 24 or a == 25 or (a == 22 and m > 1.0)):
                m = 0.0
            mother = em1[i]
            for _ in range(500):
                if mother <= 0 or keep[mother]:
                    break
                mother = em1[mother]
            pt = math.sqrt(epx[i] ** 2 + epy[i] ** 2)
            gen_f[n_gen, 0] = pt
            if pt > 0.0:
                gen_f[n_gen, 1] = _eta(epx[i], epy[i], epz[i])
            else:
                gen_f[n_gen, 1] = 0.0 if epz[i] == 0.0 else math.copysign(1e4, epz[i])
            gen_f[n_gen, 2] = math.atan2(epy[i], epx[i])
            gen_f[n_gen, 3] = m
            gen_i[n_gen, 0] = pid
            gen_i[n_gen, 1] = status
            gen_i[n_gen, 2] = flags
            gen_i[n_gen, 3] = index[mother] if mother > 0 else -1
            n_gen += 1

        # reconstruction candidates: dressing and isolation with the bare lepton's direction
        for k in range(n_l):
            i = leptons[k]
            is_mu = abs(eid[i]) == 13
            eta_l = _eta(epx[i], epy[i], epz[i])
            phi_l = math.atan2(epy[i], epx[i])
            lpx, lpy, lpz, le = epx[i], epy[i], epz[i], ee[i]
            iso03 = iso04 = 0.0
            for q in range(3, n):
                if est[q] <= 0 or q == i:
                    continue
                aq = abs(eid[q])
                if aq == 12 or aq == 14 or aq == 16:
                    continue
                ptq = math.sqrt(epx[q] ** 2 + epy[q] ** 2)
                if ptq <= 0.0:
                    continue
                etaq = _eta(epx[q], epy[q], epz[q])
                dr2 = (etaq - eta_l) ** 2 + _dphi(math.atan2(epy[q], epx[q]), phi_l) ** 2
                if not is_mu and aq == 22 and dr2 < DRESS_DR**2:
                    lpx += epx[q]
                    lpy += epy[q]
                    lpz += epz[q]
                    le += ee[q]
                    continue
                if abs(etaq) >= GENJET_ETA_MAX:
                    continue
                if dr2 < 0.16:
                    iso04 += ptq
                    if dr2 < 0.09:
                        iso03 += ptq
            lep_f[n_lep, 0], lep_f[n_lep, 1], lep_f[n_lep, 2], lep_f[n_lep, 3] = lpx, lpy, lpz, le
            lep_f[n_lep, 4], lep_f[n_lep, 5] = iso03, iso04
            lep_i[n_lep, 0] = eid[i]
            lep_i[n_lep, 1] = index[i]
            lep_i[n_lep, 2] = origin[i]
            n_lep += 1
        c_lep[ev] = n_l

        # GenJets: anti-kT on the visible final-state particles with |eta| < 5
        sel = det[:n_det]
        js = antikt(epx[sel], epy[sel], epz[sel], ee[sel], GENJET_R, GENJET_PT_MIN)
        nj = js.shape[0]
        jets[n_jet : n_jet + nj] = js
        n_jet += nj
        c_jet[ev] = nj

    return (
        n_fs,
        vis,
        nu_sum,
        (c_gen, gen_f[:n_gen], gen_i[:n_gen]),
        (c_lep, lep_f[:n_lep], lep_i[:n_lep]),
        (c_jet, jets[:n_jet]),
        (c_bhad, bhad[:n_bhad]),
        (c_chad, chad[:n_chad]),
        (c_part, part[:n_part]),
    )
