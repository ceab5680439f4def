"""Pythia 8 events -> the generator-level record the detector model and NanoAOD need.

One pass over Pythia's event record collects the final-state particles (for jets, isolation
and MET), the "interesting" particles NanoAOD keeps in ``GenPart`` (hard process, first/last
copies of t/W/Z/H/tau, final b quarks from the hard process, weakly decaying b hadrons, final
leptons and prompt neutrinos) with their NanoAOD ``statusFlags``, the weakly decaying b/c
hadrons and the partons entering hadronisation (jet flavour), and the PS variation weights.
GenJets are anti-kT R=0.4 on visible final-state particles from Pythia's SlowJet (fjcore).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chathep.errors import ConfigError
from chathep.generate.processes import COMMON_SETTINGS, PS_WEIGHT_LABELS, Process

GENJET_PT_MIN = 10.0  # GeV; NanoAOD slimmedGenJets threshold
LEPTON_PT_MIN = 3.0  # GeV; final-state e/mu kept as reconstruction candidates
NEUTRINOS = (12, 14, 16)

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


def _quark_content(aid: int) -> tuple[bool, bool]:
    """(has b, has c) for a hadron PDG id (absolute value)."""
    d2, d3, d4 = (aid // 10) % 10, (aid // 100) % 10, (aid // 1000) % 10
    has_b = d3 == 5 or d4 == 5 or (d4 == 0 and d2 == 5 and d3 == 5)
    has_c = d3 == 4 or d4 == 4
    return has_b, has_c


@dataclass
class TruthEvent:
    """Generator-level content of one event (NumPy arrays, GeV and radians)."""

    weight: float
    ps_weights: np.ndarray  # (4,) ratios w_var / w_nominal in NanoAOD order
    generator: dict[str, float]
    # final-state particles
    fs_px: np.ndarray
    fs_py: np.ndarray
    fs_pz: np.ndarray
    fs_e: np.ndarray
    fs_pid: np.ndarray
    # GenPart (NanoAOD order = Pythia record order)
    gen: dict[str, np.ndarray]
    # reconstruction candidates: final e/mu (index into fs arrays, GenPart index, origin)
    lep_fs: np.ndarray
    lep_gen: np.ndarray
    lep_origin: np.ndarray
    # jets and flavour ingredients
    genjets: np.ndarray  # (n, 4): px, py, pz, e, sorted in pT
    bhad: np.ndarray  # (n, 2): eta, phi of weakly decaying b hadrons
    chad: np.ndarray  # (n, 2): eta, phi of weakly decaying c hadrons
    partons: np.ndarray  # (n, 4): pt, eta, phi, pdgId of partons entering hadronisation
    extra: dict[str, float] = field(default_factory=dict)


def make_pythia(process: Process, seed: int, *, mpi: bool = False):
    """A configured, initialised Pythia for ``process`` (``mpi``: multiparton interactions)."""
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)
    settings = (
        *COMMON_SETTINGS,
        *process.settings,
        f"Random:seed = {int(seed)}",
        f"PartonLevel:MPI = {'on' if mpi else 'off'}",
    )
    for line in settings:
        if not pythia.readString(line):
            raise ConfigError(
                f"Pythia rejected the setting {line!r} for process {process.name}.",
                hint="Use pythia8mc==8.317.2 (the version the settings were written for).",
            )
    if not pythia.init():
        raise ConfigError(
            f"Pythia failed to initialise process {process.name}.",
            hint="Check the pythia8mc installation (pip install pythia8mc==8.317.2).",
        )
    return pythia


def ps_weight_indices(info) -> list[int]:
    """Indices of the four NanoAOD-ordered shower variations in Pythia's weight vector."""
    labels = [info.weightLabel(i) for i in range(info.nWeights())]
    try:
        return [labels.index(lab) for lab in PS_WEIGHT_LABELS]
    except ValueError:
        raise ConfigError(
            f"Pythia's shower-variation weights are {labels}, not the expected "
            f"{list(PS_WEIGHT_LABELS)}.",
            hint="Use pythia8mc==8.317.2.",
        ) from None


def _origin(ev, i: int) -> int:
    """NanoAOD genPartFlav-like origin of final-state particle ``i`` (walks up the mothers)."""
    j = i
    pid0 = abs(ev[i].id())
    for _ in range(200):
        m = ev[j].mother1()
        if m <= 0:
            return ORIGIN_LIGHT
        pm = ev[m]
        am = pm.idAbs()
        if am == pid0 and m != j:
            j = m
            continue
        if 21 <= abs(pm.status()) <= 29 or am in (6, 23, 24, 25):
            return ORIGIN_PROMPT
        if am == 15:
            return ORIGIN_TAU
        if am == 22:
            return ORIGIN_PHOTON
        if am > 100:
            has_b, has_c = _quark_content(am)
            if has_b:
                return ORIGIN_B
            # a c hadron from a b hadron still counts as b
            k = m
            for _ in range(50):
                k = ev[k].mother1()
                if k <= 0:
                    break
                ak = ev[k].idAbs()
                if ak > 100 and _quark_content(ak)[0]:
                    return ORIGIN_B
            return ORIGIN_C if has_c else ORIGIN_LIGHT
        j = m
    return ORIGIN_LIGHT


class TruthExtractor:
    """Turns the current Pythia event into a :class:`TruthEvent`."""

    def __init__(self, pythia) -> None:
        import pythia8mc

        self.pythia = pythia
        self.info = pythia.infoPython()
        self._ps_idx = ps_weight_indices(self.info)
        # anti-kT (power -1), R = 0.4, pT > 10 GeV, particles |eta| < 5, visible only (select 2)
        self.slowjet = pythia8mc.SlowJet(-1, 0.4, GENJET_PT_MIN, 5.0, 2, 2)

    def extract(self) -> TruthEvent:
        ev = self.pythia.event
        n = ev.size()
        fs_i: list[int] = []
        fs: list[tuple[float, float, float, float, int]] = []
        lep_i: list[int] = []
        nu_i: list[int] = []
        keep: list[int] = []
        hard_b: list[int] = []
        bhad: list[tuple[float, float]] = []
        chad: list[tuple[float, float]] = []
        partons: list[tuple[float, float, float, int]] = []
        particles = ev.particles()  # one C++ -> Python copy is cheaper than n ev[i] lookups
        for i in range(3, n):
            p = particles[i]
            st = p.status()
            pid = p.id()
            a = pid if pid > 0 else -pid
            if st > 0:
                fs.append((p.px(), p.py(), p.pz(), p.e(), pid))
                if a == 11 or a == 13:
                    if p.pT() > LEPTON_PT_MIN:
                        lep_i.append(len(fs_i))
                        keep.append(i)
                elif a in NEUTRINOS:
                    nu_i.append(i)
                fs_i.append(i)
                continue
            ast = -st
            if 21 <= ast <= 29:
                keep.append(i)
                if a == 5 and ast == 23:
                    hard_b.append(ev[i].iBotCopyId())
            elif a in (6, 15, 23, 24, 25):
                q = ev[i]  # copies from particles() lack the event pointer
                if i == q.iTopCopyId() or i == q.iBotCopyId():
                    keep.append(i)
            elif 71 <= ast <= 79 and (a <= 5 or a == 21):
                partons.append((p.pT(), p.eta(), p.phi(), pid))
            elif a > 100:
                has_b, has_c = _quark_content(a)
                if has_b or has_c:
                    weak = True
                    for d in ev[i].daughterList():
                        db, dc = _quark_content(particles[d].idAbs())
                        if (has_b and db) or (not has_b and dc):
                            weak = False
                            break
                    if weak:
                        (bhad if has_b else chad).append((p.eta(), p.phi()))
                        if has_b:
                            keep.append(i)
        # prompt neutrinos and the last copies of hard-process b quarks
        origins: dict[int, int] = {}
        for i in nu_i:
            o = _origin(ev, i)
            if o in (ORIGIN_PROMPT, ORIGIN_TAU):
                keep.append(i)
                origins[i] = o
        keep.extend(hard_b)
        keep = sorted(set(keep))
        gen = self._genpart(ev, keep, origins)

        arr = np.asarray(fs, dtype=np.float64).reshape(-1, 5)
        lep_fs = np.asarray(lep_i, dtype=np.int64)
        gen_index = {k: j for j, k in enumerate(keep)}
        lep_gen = np.asarray([gen_index[fs_i[k]] for k in lep_i], dtype=np.int64)
        lep_origin = np.asarray([origins[fs_i[k]] for k in lep_i], dtype=np.int64)

        sj = self.slowjet
        sj.analyze(ev)
        jets = np.empty((sj.sizeJet(), 4))
        for j in range(sj.sizeJet()):
            v = sj.p(j)
            jets[j] = (v.px(), v.py(), v.pz(), v.e())

        info = self.info
        w0 = info.weight(0)
        ps = np.asarray([info.weight(k) for k in self._ps_idx], dtype=np.float64)
        ps = ps / w0 if w0 != 0 else np.ones(4)
        generator = {
            "id1": info.id1(),
            "id2": info.id2(),
            "x1": info.x1(),
            "x2": info.x2(),
            "scalePDF": info.QFac(),
        }
        return TruthEvent(
            weight=w0,
            ps_weights=ps,
            generator=generator,
            fs_px=arr[:, 0],
            fs_py=arr[:, 1],
            fs_pz=arr[:, 2],
            fs_e=arr[:, 3],
            fs_pid=arr[:, 4].astype(np.int64),
            gen=gen,
            lep_fs=lep_fs,
            lep_gen=lep_gen,
            lep_origin=lep_origin,
            genjets=jets,
            bhad=np.asarray(bhad, dtype=np.float64).reshape(-1, 2),
            chad=np.asarray(chad, dtype=np.float64).reshape(-1, 2),
            partons=np.asarray(partons, dtype=np.float64).reshape(-1, 4),
        )

    @staticmethod
    def _genpart(ev, keep: list[int], origins: dict[int, int]) -> dict[str, np.ndarray]:
        """NanoAOD GenPart columns for the kept Pythia indices (fills ``origins`` for leptons)."""
        index = {k: j for j, k in enumerate(keep)}
        m = len(keep)
        out = {
            "pt": np.empty(m),
            "eta": np.empty(m),
            "phi": np.empty(m),
            "mass": np.empty(m),
            "pdgId": np.empty(m, dtype=np.int64),
            "status": np.empty(m, dtype=np.int64),
            "statusFlags": np.empty(m, dtype=np.int64),
            "genPartIdxMother": np.empty(m, dtype=np.int64),
        }
        for j, i in enumerate(keep):
            p = ev[i]
            pid = p.id()
            a = abs(pid)
            st = p.status()
            top, bot = p.iTopCopyId(), p.iBotCopyId()
            hard = 21 <= abs(st) <= 29
            from_hard = hard or 21 <= abs(ev[top].status()) <= 29
            flags = 0
            if hard:
                flags |= FLAG_HARD
            if from_hard:
                flags |= FLAG_FROM_HARD | FLAG_PROMPT
            if i == top:
                flags |= FLAG_FIRST_COPY
            if i == bot:
                flags |= FLAG_LAST_COPY
            if st > 0:
                status = 1
                if a in (11, 13) and i not in origins:
                    origins[i] = _origin(ev, i)
                o = origins.get(i)
                if o == ORIGIN_PROMPT:
                    flags |= FLAG_PROMPT
                elif o == ORIGIN_TAU:
                    flags |= FLAG_TAU_DECAY | FLAG_PROMPT_TAU_DECAY
            elif (a == 15 or a > 100) and i == bot:
                status = 2
                flags |= FLAG_DECAYED
                if a == 15 and from_hard:
                    flags |= FLAG_PROMPT
            else:
                status = abs(st)
            mass = p.m()
            if not (mass > 10.0 or a in (23, 24, 25) or (a == 22 and mass > 1.0)):
                mass = 0.0
            mother = p.mother1()
            for _ in range(500):
                if mother <= 0 or mother in index:
                    break
                mother = ev[mother].mother1()
            out["pt"][j] = p.pT()
            out["eta"][j] = p.eta() if p.pT() > 0 else np.sign(p.pz()) * 1e4
            out["phi"][j] = p.phi()
            out["mass"][j] = mass
            out["pdgId"][j] = pid
            out["status"][j] = status
            out["statusFlags"][j] = flags
            out["genPartIdxMother"][j] = index.get(mother, -1)
        return out
