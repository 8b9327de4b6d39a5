"""The one wiring point: settings -> database, unit of work, detection engine, policy."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from netpatrol import data
from netpatrol.adapters import keyfiles
from netpatrol.adapters.channels.agencies import SmtpChannel, WebhookChannel
from netpatrol.adapters.channels.http import HttpConnector
from netpatrol.adapters.checkpoint_files import DirCheckpointFiles
from netpatrol.adapters.db.uow import SqlUnitOfWork
from netpatrol.config import Settings, SettingsError
from netpatrol.detect.base import DetectorRegistry
from netpatrol.detect.classifier import ClassifierDetector, LinearModel
from netpatrol.detect.discourse import DiscourseReader
from netpatrol.detect.indicator_match import IndicatorDetector
from netpatrol.detect.indicators import IndicatorStore
from netpatrol.detect.lexicon import LexiconDetector
from netpatrol.detect.lookalike import LookalikeJudge
from netpatrol.detect.matching import share_scan
from netpatrol.detect.model_cache import cached_json
from netpatrol.detect.neardup import NearDuplicateDetector, NearDuplicateIndex
from netpatrol.detect.normalise import Normaliser
from netpatrol.detect.pinyin import pinyin_variants, spelling_version
from netpatrol.detect.pipeline import Engine as DetectionEngine
from netpatrol.detect.rules import IntentRuleDetector
from netpatrol.detect.scoring import SeverityPolicy
from netpatrol.domain.agencies import Channel
from netpatrol.domain.categories import Category
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.indicators import ExpiryPolicy
from netpatrol.domain.legal import LegalBasis, LegalCatalogue
from netpatrol.domain.policy import MeasurePolicy, ServiceLevels, SharingPolicy
from netpatrol.domain.posts import ACCOUNT_PLATFORMS
from netpatrol.domain.retention import RetentionRule, policy_from_data
from netpatrol.services.agencies.ports import AgencyChannel
from netpatrol.services.matrix.indicators import store_entries
from netpatrol.services.measures.warnings import WarningTemplates
from netpatrol.services.oversight.checkpoints import AuditKeys, Signer
from netpatrol.services.patrol.batch import TriagePolicy
from netpatrol.services.ports import PlatformConnector
from netpatrol.services.public.sealing import Sealer


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    triage: TriagePolicy
    measure_policy: MeasurePolicy
    catalogue: LegalCatalogue
    warning_templates: WarningTemplates
    audit_keys: AuditKeys
    retention: list[RetentionRule]
    clock: Callable[[], datetime]

    _detection: DetectionEngine | None = None

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, self.audit_keys.hmac_key)

    def connectors(self) -> dict[str, PlatformConnector]:
        """A connector per platform when NETPATROL_PLATFORM_URL is set; none otherwise."""
        url = self.settings.platform_url
        return {p: HttpConnector(url, p) for p in ACCOUNT_PLATFORMS} if url else {}

    def agency_channels(self) -> dict[str, AgencyChannel]:
        """The channels to partner agencies this installation is configured for."""
        s = self.settings
        channels: dict[str, AgencyChannel] = {}
        if s.smtp_host:
            channels[Channel.EMAIL] = SmtpChannel(s.smtp_host, s.smtp_port, s.smtp_sender)
        if s.referral_webhook_key:
            channels[Channel.WEBHOOK] = WebhookChannel("netpatrol", s.referral_webhook_key)
        return channels

    def detection(self) -> DetectionEngine:
        """The engine, with the indicator store as the database holds it when first asked."""
        if self._detection is None:
            self._detection = build_detection(
                indicators=store_entries(self.uow(), self.clock()),
                policy=load_policy(self.settings.policy),
            )
        return self._detection

    def indicator_expiry(self) -> ExpiryPolicy:
        """How long a confirmed indicator stays in force, by kind (policy "indicators")."""
        return ExpiryPolicy.from_data(load_policy(self.settings.policy))

    def sealer(self) -> Sealer:
        """Seals and opens reporters' contacts under the configured secret key."""
        return Sealer(self.settings.secret_key)

    def pseudonym_key(self) -> bytes:
        """The key pseudonyms of authors are made under, derived from the secret key."""
        return hashlib.sha256(b"netpatrol-pseudonym:" + self.settings.secret_key.encode()).digest()

    def dispose(self) -> None:
        self.engine.dispose()


def build_database(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    # no server-side prepared statements: psycopg would keep the generic plan it chose
    # while the tables were empty, a scan, for every later batch of a long load
    return create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None})


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # SQLAlchemy, not the driver, opens transactions (see _sqlite_begin_immediate)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # 64 MiB of page cache, not 2: past a few hundred thousand posts the indexes no longer
    # fit in the default and every insert into them reads pages back from the file
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


LEXICON_CATEGORIES = (
    "fraud",
    "phishing",
    "gambling",
    "drugs",
    "guns",
    "explosives",
    "pornography",
    "fake_documents",
    "insult",
    "rumour",
)
MODEL_FILE = "model/classifier.npz"
STREET_MODEL_FILE = "model/street_classifier.npz"


def lexicon_documents() -> list[dict[str, Any]]:
    return [data.load_json(f"lexicon/v1/{c}.json") for c in LEXICON_CATEGORIES]


def build_normaliser(
    documents: list[dict[str, Any]] | None = None, rules: dict[str, Any] | None = None
) -> Normaliser:
    """The normaliser that folds the variants of every lexicon term and intent-rule word."""
    shipped = data.load_json("lexicon/v1/variants.json")
    written = {k: list(v) for k, v in shipped["variants"].items()}
    for char, split in shipped.get("splits", {}).items():
        written.setdefault(char, []).append(split)
    groups = (rules or data.load_json("rules/v1/intent.json"))["groups"]
    rule_words = [str(w) for ws in groups.values() for w in ws]
    documents = documents or lexicon_documents()
    # made from the words, the spelling code and pypinyin's version: a change to any of
    # them makes a new entry
    made_from = [documents, written, rule_words, spelling_version()]
    variants = cached_json(
        "pinyin", made_from, lambda: pinyin_variants(documents, written, rule_words)
    )
    one_to_one = {**shipped.get("variant_chars", {}), **shipped.get("stand_ins", {})}
    return Normaliser(variants, one_to_one)


def _sqlite_begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock when a transaction begins, not at its first write: two
    writers can then never read the same head of the audit chain, and a writer never finds
    its snapshot stale. Readers in WAL mode are not blocked."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def build_detection(
    indicators: Iterable[tuple[str, str, str]] = (),
    known: Iterable[tuple[str, str, str]] = (),
    with_classifier: bool = True,
    policy: dict[str, Any] | None = None,
    models: tuple[LinearModel, LinearModel] | None = None,
) -> DetectionEngine:
    """The engine with the shipped lexicon and model, the given indicator store entries
    (kind, value, category) and known items for near-duplicates (key, text, category).
    `models`: (corpus model, street model) to use instead of the shipped files (a fit
    without part of the train data, read out of fold)."""
    lexicons = lexicon_documents()
    rules = data.load_json("rules/v1/intent.json")
    normaliser = build_normaliser(lexicons, rules)
    policy = policy or load_policy()
    registry = DetectorRegistry()
    lexicon = LexiconDetector(lexicons, normaliser)
    registry.register(lexicon)
    brands = LookalikeJudge(data.load_json("rules/v1/brands.json"))
    intent = IntentRuleDetector(rules, normaliser, brands)
    registry.register(intent)
    registry.register(IndicatorDetector(IndicatorStore(indicators)))
    corpus_model: LinearModel | None = None
    street_model: LinearModel | None = None
    if with_classifier and models is not None:
        corpus_model, street_model = models
    elif with_classifier:
        if data.path(MODEL_FILE).is_file():
            corpus_model = LinearModel.load(data.path(MODEL_FILE))
        if data.path(STREET_MODEL_FILE).is_file():
            street_model = LinearModel.load(data.path(STREET_MODEL_FILE))
    if corpus_model is not None:
        registry.register(ClassifierDetector(corpus_model, explain_later=True))
    if street_model is not None:
        # a unit's older copy of the policy may predate the street model: take the shipped list
        named = policy.get("street_model_categories") or load_policy()["street_model_categories"]
        speaks = frozenset(Category(c) for c in named)
        registry.register(
            ClassifierDetector(street_model, "street_classifier", speaks, explain_later=True)
        )
    index = NearDuplicateIndex()
    for key, text, category in known:
        index.add(key, normaliser.normalise(text).compact, Category(category))
    registry.register(NearDuplicateDetector(index))
    severity = SeverityPolicy.from_data(policy)
    discourse = DiscourseReader(data.load_json("rules/v1/discourse.json"), normaliser)
    # all three read each batch's compact texts: one scan with all their words serves them,
    # and tells the normaliser, which reads the same texts first, where a variant occurs
    variants = [normaliser.variants] if normaliser.variants is not None else []
    held = [intent.held_matcher] if intent.held_matcher is not None else []
    share_scan([lexicon.matcher, intent.matcher, *held, discourse.matcher], variants)
    engine = DetectionEngine(normaliser, registry, severity, discourse)
    # jieba's dictionary (about a second to load) is left to the first explanation: most
    # commands and many batches never need one, and its half a million words sit in one
    # dict of strings and ints, which the collector does not track, so loading it after
    # the freeze below costs the collector nothing.
    # The engine's tables live as long as the process: moving them out of the collector's
    # reach stops it rescanning them on every batch (about a sixth of the patrol's time).
    # Once a process: a process that builds engines again (the test suite) would keep every
    # object frozen with an earlier one that later became garbage in a cycle, that engine's
    # tables with it (17 GB over the suite). Later engines stay in the collector's reach.
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
    # A batch makes tens of thousands of small containers (signals, scores, verdicts) that
    # live until the batch is done: at the default 700 allocations the collector runs some
    # 30 times a batch, older generations included, over the batch's live objects (about
    # 4 µs a post); at 5,000 about 2.6 times (2 µs); at 10,000 about once (1.8 µs: each
    # pass is longer); from 15,000 on, not once in a batch of 1,000 posts of 20-300
    # characters (bench/patrol_bench.py's posts, timed with gc.callbacks): what a batch
    # holds at once stays below the threshold, and is freed when the batch is done.
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, 20_000), middle, old)
    # One thread of numpy's BLAS per process: the patrol's numpy calls are small, and the
    # pool's threads spinning between them cost a third more CPU (patrol --jobs 1, 10,000
    # posts: 7.6 s user with them, 5.4 s without); N processes use N cores.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    _keep_freed_memory()
    return engine


# mallopt()'s parameters (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _keep_freed_memory() -> None:
    """Let the C allocator keep the memory a batch's arrays free for the next batch.

    A batch makes numpy arrays of up to a few megabytes (its code points, n-grams, hashes)
    and frees them at its end. glibc hands arrays that size to the kernel on free (mmap, or
    trimming the heap) and the next batch takes page faults to have them back: some 300 to
    900 a batch of 1,000 posts, 1-2 µs a post of system time and a few more of user time.
    Kept (up to 64 MiB free at the heap's top, arrays below 32 MiB from the heap), those
    faults all but stop (bench posts, 20,000 a run, six runs in turn: about 68 µs a post
    of CPU time with glibc's defaults, 65 kept). Elsewhere than Linux, nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process runs on
    except (OSError, AttributeError):
        return
    mallopt(_M_TRIM_THRESHOLD, 64 << 20)
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)


def load_policy(path: str = "") -> dict[str, Any]:
    """The shipped policy, or a unit's own copy of it (NETPATROL_POLICY)."""
    if path:
        loaded: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        return loaded
    shipped: dict[str, Any] = data.load_json("policy.json")
    return shipped


def build_triage(policy: dict[str, Any] | None = None) -> TriagePolicy:
    policy = policy or load_policy()
    return TriagePolicy(SharingPolicy.from_data(policy), ServiceLevels.from_data(policy))


def build_catalogue() -> LegalCatalogue:
    raw = data.load_json("legal_bases.json")["entries"]
    return LegalCatalogue(
        LegalBasis(
            code=e["code"],
            law=e["law"],
            article=e["article"],
            covers=e["covers"],
            categories=tuple(e["applies_to"]["categories"]),
            measures=tuple(e["applies_to"]["measures"]),
        )
        for e in raw
    )


def load_retention(path: str = "") -> list[RetentionRule]:
    """The shipped retention policy, or a unit's own copy (NETPATROL_RETENTION_POLICY)."""
    raw = (
        json.loads(Path(path).read_text(encoding="utf-8"))
        if path
        else data.load_json("retention.json")
    )
    return policy_from_data(raw)


def build_audit_keys(settings: Settings) -> AuditKeys:
    """The chain's HMAC key and the checkpoint signer, both kept outside the database."""
    key_dir = Path(settings.key_dir)
    return AuditKeys(
        hmac_key=keyfiles.audit_key(settings.audit_key, key_dir),
        signer=Signer(keyfiles.signing_key(settings.signing_key_file, key_dir)),
        files=DirCheckpointFiles(Path(settings.checkpoint_dir)),
    )


def bootstrap(settings: Settings, clock: Callable[[], datetime] = utc_now) -> Container:
    logging.basicConfig(level=settings.log_level)
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
    engine = build_database(settings.database_url)
    try:
        policy = load_policy(settings.policy)
        MeasurePolicy.from_data(policy)
    except (ValueError, KeyError) as exc:
        raise SettingsError(f"NETPATROL_POLICY: {exc}") from None
    try:
        retention = load_retention(settings.retention_policy)
    except RuleViolation as exc:
        raise SettingsError(f"NETPATROL_RETENTION_POLICY: {exc}") from None
    try:
        keys = build_audit_keys(settings)
    except (OSError, ValueError) as exc:
        raise SettingsError(f"NETPATROL_SIGNING_KEY_FILE / NETPATROL_KEY_DIR: {exc}") from None
    return Container(
        settings=settings,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
        triage=build_triage(policy),
        measure_policy=MeasurePolicy.from_data(policy),
        catalogue=build_catalogue(),
        warning_templates=WarningTemplates(data.read_text("templates/warning.zh.txt")),
        audit_keys=keys,
        retention=retention,
        clock=clock,
    )
