"""SQLAlchemy models: organisaties, their diensten, contact kanalen with opening hours, topics, roles, coverage."""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Organisatie(Base):
    __tablename__ = "organisaties"

    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    naam = Column(String(200), nullable=False)
    website = Column(String(500))

    diensten = relationship("Dienst", back_populates="organisatie")


class Dienst(Base):
    """One service an organisation offers (a helpline, a shelter, a reporting point...)."""

    __tablename__ = "diensten"

    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    organisatie_id = Column(Integer, ForeignKey("organisaties.id"), nullable=False)
    naam = Column(String(200), nullable=False)
    soort = Column(String(40), nullable=False)  # vocab.SOORTEN
    beschrijving = Column(Text, nullable=False)
    leeftijd_min = Column(Integer)
    leeftijd_max = Column(Integer)
    gender = Column(String(20), nullable=False, default="iedereen")  # vocab.GENDER
    lvb_geschikt = Column(Boolean)  # None = not known
    anonimiteit = Column(String(20))  # vocab.ANONIMITEIT, None = not known
    kosten = Column(String(20))  # vocab.KOSTEN, None = not known
    talen = Column(String(100), nullable=False, default="nl")  # comma-separated language codes
    dekking_soort = Column(String(40), nullable=False)  # vocab.DEKKING_SOORTEN
    urgentie = Column(String(20), nullable=False, default="niet_acuut")  # records.URGENTIES
    bron = Column(String(500), nullable=False)
    extra_bronnen = Column(Text, nullable=False, default="")  # newline-separated URLs
    gecontroleerd_op = Column(Date, nullable=False)
    geverifieerd = Column(Boolean, nullable=False)
    onzeker = Column(String(200), nullable=False, default="")  # comma-separated vocab.ONZEKER_VELDEN
    opmerking = Column(Text)
    herkomst = Column(String(20), nullable=False, default="seed")  # "seed" or "import"

    organisatie = relationship("Organisatie", back_populates="diensten")
    onderwerpen = relationship("DienstOnderwerp", cascade="all, delete-orphan", order_by="DienstOnderwerp.volgorde")
    rollen = relationship("DienstRol", cascade="all, delete-orphan", order_by="DienstRol.volgorde")
    gebieden = relationship("Dekkingsgebied", cascade="all, delete-orphan", order_by="Dekkingsgebied.volgorde")
    kanalen = relationship("Kanaal", cascade="all, delete-orphan", order_by="Kanaal.volgorde")


class DienstOnderwerp(Base):
    __tablename__ = "dienst_onderwerpen"
    __table_args__ = (UniqueConstraint("dienst_id", "onderwerp"),)

    id = Column(Integer, primary_key=True)
    dienst_id = Column(Integer, ForeignKey("diensten.id", ondelete="CASCADE"), nullable=False, index=True)
    onderwerp = Column(String(40), nullable=False)  # vocab.ONDERWERPEN; the first ones are the core topics
    volgorde = Column(Integer, nullable=False, default=0)


class DienstRol(Base):
    __tablename__ = "dienst_rollen"
    __table_args__ = (UniqueConstraint("dienst_id", "rol"),)

    id = Column(Integer, primary_key=True)
    dienst_id = Column(Integer, ForeignKey("diensten.id", ondelete="CASCADE"), nullable=False, index=True)
    rol = Column(String(20), nullable=False)  # vocab.ROLLEN
    volgorde = Column(Integer, nullable=False, default=0)


class Dekkingsgebied(Base):
    """An area a regional service covers; its kind is Dienst.dekking_soort (provincie, veiligheidsregio...)."""

    __tablename__ = "dekkingsgebieden"

    id = Column(Integer, primary_key=True)
    dienst_id = Column(Integer, ForeignKey("diensten.id", ondelete="CASCADE"), nullable=False, index=True)
    gebied = Column(String(120), nullable=False)  # official name of the province, region or gemeente
    volgorde = Column(Integer, nullable=False, default=0)


class Kanaal(Base):
    """A contact channel; opening hours belong to the channel (phone 24/7, chat on weekdays)."""

    __tablename__ = "kanalen"

    id = Column(Integer, primary_key=True)
    dienst_id = Column(Integer, ForeignKey("diensten.id", ondelete="CASCADE"), nullable=False, index=True)
    volgorde = Column(Integer, nullable=False, default=0)
    soort = Column(String(20), nullable=False)  # vocab.KANAAL_SOORTEN
    waarde = Column(String(500), nullable=False)
    toelichting = Column(Text)
    geverifieerd = Column(Boolean, nullable=False, default=True)
    tijden_bekend = Column(Boolean, nullable=False, default=False)
    altijd_open = Column(Boolean, nullable=False, default=False)
    tijden_geverifieerd = Column(Boolean, nullable=False, default=True)
    anoniem = Column(String(20))
    kosten = Column(String(20))

    openingstijden = relationship(
        "Openingstijd", cascade="all, delete-orphan", order_by="(Openingstijd.weekdag, Openingstijd.van_minuut)"
    )


class Openingstijd(Base):
    """Open on `weekdag` (0 = maandag) from `van_minuut` to `tot_minuut` after midnight, Europe/Amsterdam time.
    `tot_minuut` above 1440 means open past midnight."""

    __tablename__ = "openingstijden"

    id = Column(Integer, primary_key=True)
    kanaal_id = Column(Integer, ForeignKey("kanalen.id", ondelete="CASCADE"), nullable=False, index=True)
    weekdag = Column(Integer, nullable=False)
    van_minuut = Column(Integer, nullable=False)
    tot_minuut = Column(Integer, nullable=False)


class Meta(Base):
    """Bookkeeping: seed hash, data version."""

    __tablename__ = "directory_meta"

    sleutel = Column(String(40), primary_key=True)
    waarde = Column(String(200), nullable=False)
