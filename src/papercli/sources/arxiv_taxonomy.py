"""arXiv's category taxonomy: what a user may follow, and `cs.*`-style category patterns.

Written from arXiv's published category taxonomy (arxiv.org/category_taxonomy). A name is
either a category (`cs.CL`, `hep-th`, `cond-mat.str-el`) or an archive that has
categories under it (`cs`, `math`, `astro-ph`); both can be followed, because arXiv's
RSS serves archive feeds too. Archives that were merged into others before 2007
(`cmp-lg`, `chao-dyn`, …) are not followable, but they still name old-style ids
(`chao-dyn/9301001`) and appear among old papers' categories, so they are known as
`LEGACY_ARCHIVES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from papercli.errors import UsageError, quoting_shorter
from papercli.sanitize import quoted

TAXONOMY_URL = "https://arxiv.org/category_taxonomy"

# Archives with categories under them: archive -> human name.
ARCHIVES: dict[str, str] = {
    "cs": "Computer Science",
    "econ": "Economics",
    "eess": "Electrical Engineering and Systems Science",
    "math": "Mathematics",
    "astro-ph": "Astrophysics",
    "cond-mat": "Condensed Matter",
    "nlin": "Nonlinear Sciences",
    "physics": "Physics",
    "q-bio": "Quantitative Biology",
    "q-fin": "Quantitative Finance",
    "stat": "Statistics",
}

CATEGORIES: dict[str, str] = {
    # Computer Science
    "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering, Finance, and Science",
    "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies",
    "cs.FL": "Formal Languages and Automata Theory",
    "cs.GL": "General Literature",
    "cs.GR": "Graphics",
    "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia",
    "cs.MS": "Mathematical Software",
    "cs.NA": "Numerical Analysis",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture",
    "cs.OH": "Other Computer Science",
    "cs.OS": "Operating Systems",
    "cs.PF": "Performance",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SC": "Symbolic Computation",
    "cs.SD": "Sound",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
    # Economics
    "econ.EM": "Econometrics",
    "econ.GN": "General Economics",
    "econ.TH": "Theoretical Economics",
    # Electrical Engineering and Systems Science
    "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing",
    "eess.SY": "Systems and Control",
    # Mathematics
    "math.AC": "Commutative Algebra",
    "math.AG": "Algebraic Geometry",
    "math.AP": "Analysis of PDEs",
    "math.AT": "Algebraic Topology",
    "math.CA": "Classical Analysis and ODEs",
    "math.CO": "Combinatorics",
    "math.CT": "Category Theory",
    "math.CV": "Complex Variables",
    "math.DG": "Differential Geometry",
    "math.DS": "Dynamical Systems",
    "math.FA": "Functional Analysis",
    "math.GM": "General Mathematics",
    "math.GN": "General Topology",
    "math.GR": "Group Theory",
    "math.GT": "Geometric Topology",
    "math.HO": "History and Overview",
    "math.IT": "Information Theory",
    "math.KT": "K-Theory and Homology",
    "math.LO": "Logic",
    "math.MG": "Metric Geometry",
    "math.MP": "Mathematical Physics",
    "math.NA": "Numerical Analysis",
    "math.NT": "Number Theory",
    "math.OA": "Operator Algebras",
    "math.OC": "Optimization and Control",
    "math.PR": "Probability",
    "math.QA": "Quantum Algebra",
    "math.RA": "Rings and Algebras",
    "math.RT": "Representation Theory",
    "math.SG": "Symplectic Geometry",
    "math.SP": "Spectral Theory",
    "math.ST": "Statistics Theory",
    # Physics: Astrophysics
    "astro-ph.CO": "Cosmology and Nongalactic Astrophysics",
    "astro-ph.EP": "Earth and Planetary Astrophysics",
    "astro-ph.GA": "Astrophysics of Galaxies",
    "astro-ph.HE": "High Energy Astrophysical Phenomena",
    "astro-ph.IM": "Instrumentation and Methods for Astrophysics",
    "astro-ph.SR": "Solar and Stellar Astrophysics",
    # Physics: Condensed Matter
    "cond-mat.dis-nn": "Disordered Systems and Neural Networks",
    "cond-mat.mes-hall": "Mesoscale and Nanoscale Physics",
    "cond-mat.mtrl-sci": "Materials Science",
    "cond-mat.other": "Other Condensed Matter",
    "cond-mat.quant-gas": "Quantum Gases",
    "cond-mat.soft": "Soft Condensed Matter",
    "cond-mat.stat-mech": "Statistical Mechanics",
    "cond-mat.str-el": "Strongly Correlated Electrons",
    "cond-mat.supr-con": "Superconductivity",
    # Physics: archives that are categories themselves
    "gr-qc": "General Relativity and Quantum Cosmology",
    "hep-ex": "High Energy Physics - Experiment",
    "hep-lat": "High Energy Physics - Lattice",
    "hep-ph": "High Energy Physics - Phenomenology",
    "hep-th": "High Energy Physics - Theory",
    "math-ph": "Mathematical Physics",
    "nucl-ex": "Nuclear Experiment",
    "nucl-th": "Nuclear Theory",
    "quant-ph": "Quantum Physics",
    # Physics: Nonlinear Sciences
    "nlin.AO": "Adaptation and Self-Organizing Systems",
    "nlin.CD": "Chaotic Dynamics",
    "nlin.CG": "Cellular Automata and Lattice Gases",
    "nlin.PS": "Pattern Formation and Solitons",
    "nlin.SI": "Exactly Solvable and Integrable Systems",
    # Physics: Physics
    "physics.acc-ph": "Accelerator Physics",
    "physics.ao-ph": "Atmospheric and Oceanic Physics",
    "physics.app-ph": "Applied Physics",
    "physics.atm-clus": "Atomic and Molecular Clusters",
    "physics.atom-ph": "Atomic Physics",
    "physics.bio-ph": "Biological Physics",
    "physics.chem-ph": "Chemical Physics",
    "physics.class-ph": "Classical Physics",
    "physics.comp-ph": "Computational Physics",
    "physics.data-an": "Data Analysis, Statistics and Probability",
    "physics.ed-ph": "Physics Education",
    "physics.flu-dyn": "Fluid Dynamics",
    "physics.gen-ph": "General Physics",
    "physics.geo-ph": "Geophysics",
    "physics.hist-ph": "History and Philosophy of Physics",
    "physics.ins-det": "Instrumentation and Detectors",
    "physics.med-ph": "Medical Physics",
    "physics.optics": "Optics",
    "physics.plasm-ph": "Plasma Physics",
    "physics.pop-ph": "Popular Physics",
    "physics.soc-ph": "Physics and Society",
    "physics.space-ph": "Space Physics",
    # Quantitative Biology
    "q-bio.BM": "Biomolecules",
    "q-bio.CB": "Cell Behavior",
    "q-bio.GN": "Genomics",
    "q-bio.MN": "Molecular Networks",
    "q-bio.NC": "Neurons and Cognition",
    "q-bio.OT": "Other Quantitative Biology",
    "q-bio.PE": "Populations and Evolution",
    "q-bio.QM": "Quantitative Methods",
    "q-bio.SC": "Subcellular Processes",
    "q-bio.TO": "Tissues and Organs",
    # Quantitative Finance
    "q-fin.CP": "Computational Finance",
    "q-fin.EC": "Economics",
    "q-fin.GN": "General Finance",
    "q-fin.MF": "Mathematical Finance",
    "q-fin.PM": "Portfolio Management",
    "q-fin.PR": "Pricing of Securities",
    "q-fin.RM": "Risk Management",
    "q-fin.ST": "Statistical Finance",
    "q-fin.TR": "Trading and Market Microstructure",
    # Statistics
    "stat.AP": "Applications",
    "stat.CO": "Computation",
    "stat.ME": "Methodology",
    "stat.ML": "Machine Learning",
    "stat.OT": "Other Statistics",
    "stat.TH": "Statistics Theory",
}

# Archives merged into others before new-style ids began: they live on in old-style ids
# (`chao-dyn/9301001`) and old papers' category lists, mapped to where they went.
LEGACY_ARCHIVES: dict[str, str] = {
    "acc-phys": "physics.acc-ph",
    "adap-org": "nlin.AO",
    "alg-geom": "math.AG",
    "ao-sci": "physics.ao-ph",
    "atom-ph": "physics.atom-ph",
    "bayes-an": "physics.data-an",
    "chao-dyn": "nlin.CD",
    "chem-ph": "physics.chem-ph",
    "cmp-lg": "cs.CL",
    "comp-gas": "nlin.CG",
    "dg-ga": "math.DG",
    "funct-an": "math.FA",
    "mtrl-th": "cond-mat.mtrl-sci",
    "patt-sol": "nlin.PS",
    "plasm-ph": "physics.plasm-ph",
    "q-alg": "math.QA",
    "solv-int": "nlin.SI",
    "supr-con": "cond-mat.supr-con",
}

# Every name that may follow `cat:` or appear in an RSS feed's path: categories and
# archives, with their human names.
NAMES: dict[str, str] = {**ARCHIVES, **CATEGORIES}

_CANONICAL: dict[str, str] = {name.casefold(): name for name in NAMES}



class UnknownCategory(UsageError):
    """A name that is not one of arXiv's categories or archives: exit 2, nothing done."""

    def __init__(self, name: str, close: list[str]) -> None:
        message = f"unknown arXiv category {quoted(name)}"
        if close:
            super().__init__(message, hint=f"did you mean {', '.join(close)}?")
            # (three names and where all of them are made 147 columns)
            fewer = [f"did you mean {', '.join(close[:n])}?" for n in (2, 1)]
            self.shorter = [(message, fewer[0]), (message, fewer[1]),
                            *quoting_shorter(lambda q: f"no arXiv category {q}", name, fewer[1])]
        else:
            super().__init__(message, hint=f"the categories are listed at {TAXONOMY_URL}")
            where = "see " + TAXONOMY_URL.removeprefix("https://")
            # (a long word cut short: 116 columns whole)
            self.shorter = [(message, where),
                            *quoting_shorter(lambda q: f"no arXiv category {q}", name, where)]
        self.name = name
        self.close = close


class PaperIdGiven(UnknownCategory):
    """A paper's id where a category goes (`2401.00001`, `hep-th/9901001`, its abs URL,
    `arXiv:…`): it was "no arXiv category '2401.00001'", or for an old-style id "did you
    mean hep-th?", which lists the whole archive. Said to be a paper's id (`paper`, as
    arXiv spells it), with the command that shows it; a caller that knows better what to
    do there (`config`) says its own hint. Still an `UnknownCategory`, so every caller
    that catches one catches this."""

    # What a config.toml value is told to do instead (`papers show` fixes no setting),
    # and the same said after "not a category"
    IN_CONFIG = "name a category, e.g. cs.CL"
    IN_CONFIG_AFTER = "name one, e.g. cs.CL"
    IN_CONFIG_BRIEF = "name a category"

    def __init__(self, name: str, paper: str) -> None:
        UsageError.__init__(self, f"{paper} is a paper id, not a category",
                            hint=f"papers show {paper}")
        # (an old-style id twice made 88 columns)
        self.shorter = [(f"{paper} is a paper id", self.hint)]
        self.name = name
        self.close = []
        self.paper = paper

    def keyed(self, key: str) -> list[tuple[str, str | None]]:
        """Ways to say it of config key `key` (`sources.arxiv`, `watch.x.category`) in
        80 columns, best first, for `PapersError.shorter`: after the key alone, which
        says where it is. With the file and line too it made 140 columns, and no way
        of it fitted: the key, the id and what to write instead are what to keep."""
        said = f"{key}: {self.paper} is a paper id"
        return [(said, self.IN_CONFIG), (said, self.IN_CONFIG_BRIEF),
                (f"{key}: paper id {self.paper}", self.IN_CONFIG_BRIEF),
                (f"{key}: paper {self.paper}", self.IN_CONFIG_BRIEF)]


def unknown(name: str) -> UnknownCategory:
    """The error for `name`, no category or archive: a paper's id said to be one
    (`PaperIdGiven`), anything else with the close names. The one place that tells them
    apart: every command and config key taking categories comes here (`validate`)."""
    from papercli.models import InvalidPaperId, normalize_id  # lazy: only on this error

    try:
        return PaperIdGiven(name, normalize_id(name))
    except InvalidPaperId:
        return UnknownCategory(name, close_matches(name))


def canonical(name: str) -> str | None:
    """`CS.cl ` -> `cs.CL`; None for anything that is not a category or archive."""
    return _CANONICAL.get(name.strip().casefold())


# Names arXiv has not, that people mean its categories by: machine learning is cs.LG
# (and stat.ML), language cs.CL. "cs.ML" was "did you mean cs.PL, cs.MS, cs.MM?".
_USUAL: dict[str, tuple[str, ...]] = {
    "cs.ml": ("cs.LG", "stat.ML"), "stat.lg": ("stat.ML", "cs.LG"), "cs.rl": ("cs.LG",),
    "cs.nlp": ("cs.CL",),
}


def close_matches(name: str, n: int = 3) -> list[str]:
    """The known names nearest `name` (case-blind), best first. A subject under a known
    archive (`cs.LGG`) is matched against that archive's subjects alone: matched whole,
    the "cs." every one shares made any two letters close, and `cs.XX` was "did you
    mean cs.SY, cs.SI?", a guess; with none near, none is named."""
    import difflib

    folded = name.strip().casefold()
    if folded in _USUAL:
        return list(_USUAL[folded][:n])
    if folded in LEGACY_ARCHIVES:  # (an old-style id's archive: where it was merged)
        return [LEGACY_ARCHIVES[folded]]  # ("cmp-lg" named none, "solv-int" "see …")
    archive, dot, subject = folded.partition(".")
    if dot and subject and archive in _ARCHIVE_FOLDED:
        subjects = {known.partition(".")[2]: known for known in _CANONICAL
                    if known.partition(".")[0] == archive and "." in known}
        near = difflib.get_close_matches(subject, list(subjects), n=n, cutoff=0.6)
        return [_CANONICAL[subjects[s]] for s in near]
    found = difflib.get_close_matches(folded, list(_CANONICAL), n=n, cutoff=0.6)
    return [_CANONICAL[f] for f in found]


_LIST_SEPARATORS = re.compile(r"[,+\s]+")


def split_names(text: str) -> list[str]:
    """The names in one argument that may be a list (`cs.CL,cs.CV`, `cs.CL+cs.CV`,
    `"cs.CL cs.CV"`), empty items left out: none for "", spaces or commas alone."""
    return [part for part in _LIST_SEPARATORS.split(text) if part]


def validate(names: Iterable[str]) -> list[str]:
    """The canonical spelling of each name, in order, each once.

    A name may itself be a list (`"cs.CL,cs.CV"`, as `config set` receives it, or
    `cs.CL+cs.CV` as the feed's address has it); case and surrounding whitespace are
    forgiven, empty items ignored, and an archive's wildcard (`cs.*`, what `--category`
    takes) is the archive. The first unknown name raises `UnknownCategory` naming the
    close ones (`PaperIdGiven` for a paper's id), so nothing is half-applied.
    """
    out: list[str] = []
    for name in names:
        for part in split_names(str(name)):
            found = canonical(part)
            if found is None and part.endswith(".*") and is_archive(part[:-2]):
                found = canonical(part[:-2])
            if found is None:
                raise unknown(part)
            if found not in out:
                out.append(found)
    return out


def name_of(category: str) -> str | None:
    """The human name (`cs.CL` -> `Computation and Language`), None if unknown."""
    found = canonical(category)
    return NAMES[found] if found else None


def archive_of(category: str) -> str:
    """`cs.CL` -> `cs`, `hep-th` -> `hep-th`, `math.GT` -> `math`."""
    return category.strip().split(".", 1)[0]


def is_archive(name: str) -> bool:
    """True for archive-level names that have categories under them (`cs`, `math`)."""
    found = canonical(name)
    return found is not None and found in ARCHIVES


def _compile(pattern: str) -> re.Pattern[str]:
    """One pattern as a case-blind regex; an archive (`cs`) also covers its categories."""
    text = pattern.strip().casefold()
    body = ".*".join(re.escape(piece) for piece in text.split("*"))
    if "*" not in text and text in _ARCHIVE_FOLDED:
        body += r"(?:\..*)?"
    return re.compile(body, re.DOTALL)


_ARCHIVE_FOLDED = frozenset(a.casefold() for a in ARCHIVES)


def matches(pattern: str, categories: Iterable[str]) -> bool:
    """Whether any of `categories` matches `pattern`, case-blind.

    `pattern` is a comma list of names where `*` stands for any run of characters:
    `cs.*`, `cs.CL`, `*.LG`, `cs.CL,stat.ML`. An archive name alone (`cs`, `astro-ph`)
    covers the archive's categories as well, since that is what following it means.
    """
    compiled = [_compile(p) for p in pattern.split(",") if p.strip()]
    if not compiled:
        return False
    for category in categories:
        folded = category.strip().casefold()
        if any(rx.fullmatch(folded) for rx in compiled):
            return True
    return False
