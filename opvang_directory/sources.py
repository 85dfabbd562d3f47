"""Reading and writing directory files: YAML (grouped by organisatie, the seed format) and CSV (one row per dienst).

Reading never stops at the first problem: it returns every record that is fine and every issue with its line.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from .records import Issue, ServiceRecord, parse_service
from .yamlio import LineDict, YamlSyntaxError, load_with_lines

ORGANISATION_KEYS = {"id", "naam", "website", "diensten"}
# organisation field in a YAML file -> field of each of its diensten
_ORGANISATION_FIELDS = (("id", "organisatie_id"), ("naam", "organisatie_naam"), ("website", "organisatie_website"))
CSV_COLUMNS = [
    "organisatie_id", "organisatie_naam", "organisatie_website", "id", "naam", "soort", "beschrijving",
    "onderwerpen", "rollen", "leeftijd_min", "leeftijd_max", "gender", "lvb_geschikt", "anonimiteit", "kosten",
    "talen", "dekking", "urgentie", "kanalen", "bron", "extra_bronnen", "gecontroleerd_op", "geverifieerd",
    "onzeker", "opmerking",
]
_CSV_LIST_COLUMNS = {"onderwerpen", "rollen", "talen", "extra_bronnen", "onzeker"}
LIST_SEPARATOR = "|"


class DirectoryFileError(ValueError):
    """A file could not be used; `issues` holds every problem with file and line."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


@dataclass(frozen=True)
class LoadedEntry:
    record: ServiceRecord
    file: str
    line: int


# ---------------------------------------------------------------- reading


def read_yaml_text(text: str, name: str) -> Tuple[List[LoadedEntry], List[Issue]]:
    try:
        data = load_with_lines(text)
    except YamlSyntaxError as exc:
        return [], [Issue(name, exc.line, exc.message)]
    if not isinstance(data, dict) or not isinstance(data.get("organisaties"), list):
        return [], [Issue(name, getattr(data, "line", 1), "het bestand moet beginnen met 'organisaties:' en een lijst")]
    entries: List[LoadedEntry] = []
    issues: List[Issue] = []
    for key in data:
        if key != "organisaties":
            issues.append(Issue(name, data.line_of(key), f"onbekend veld '{key}' (alleen 'organisaties')"))
    for org in data["organisaties"]:
        if not isinstance(org, dict):
            issues.append(Issue(name, data.line_of("organisaties"), "elke organisatie heeft id, naam en diensten"))
            continue
        for key in org:
            if key not in ORGANISATION_KEYS:
                issues.append(Issue(name, org.line_of(key), f"organisatie '{org.get('id')}': onbekend veld '{key}'"))
        diensten = org.get("diensten")
        if not isinstance(diensten, list) or not diensten:
            issues.append(Issue(name, org.line, f"organisatie '{org.get('id')}': 'diensten' ontbreekt of is leeg"))
            continue
        for dienst in diensten:
            if not isinstance(dienst, dict):
                issues.append(Issue(name, diensten.line, f"organisatie '{org.get('id')}': dienst zonder velden"))
                continue
            merged = LineDict(dienst)
            merged.line = dienst.line
            merged.key_lines = dict(dienst.key_lines)
            for source, target in _ORGANISATION_FIELDS:
                if source in org:
                    merged[target] = org[source]
                    merged.key_lines[target] = org.line_of(source)
            record, problems = parse_service(merged, name, dienst.line)
            issues.extend(problems)
            if record:
                entries.append(LoadedEntry(record, name, dienst.line))
    return entries, issues


def _csv_value(column: str, text: Optional[str]) -> Any:
    text = (text or "").strip()
    if column in _CSV_LIST_COLUMNS:
        return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
    return text or None


def read_csv_text(text: str, name: str) -> Tuple[List[LoadedEntry], List[Issue]]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in ("id", "naam", "soort", "kanalen", "bron") if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"kolommen ontbreken: {missing}")
        if unknown:
            parts.append(f"onbekende kolommen: {unknown}")
        return [], [Issue(name, 1, "; ".join(parts) + f" (verwacht: {', '.join(CSV_COLUMNS)})")]
    entries: List[LoadedEntry] = []
    issues: List[Issue] = []
    line = reader.line_num
    for row in reader:
        row_line = line + 1  # the line where this row started
        line = reader.line_num
        if None in row:
            issues.append(Issue(name, row_line, "deze regel heeft meer kolommen dan de kop"))
            continue
        data: Dict[str, Any] = {c: _csv_value(c, v) for c, v in row.items() if v is not None}
        try:
            data["kanalen"] = json.loads(data["kanalen"]) if data.get("kanalen") else None
        except json.JSONDecodeError as exc:
            message = f"dienst '{data.get('id')}': kolom 'kanalen' is geen geldige JSON ({exc.msg})"
            issues.append(Issue(name, row_line, message))
            continue
        record, problems = parse_service(data, name, row_line)
        issues.extend(problems)
        if record:
            entries.append(LoadedEntry(record, name, row_line))
    return entries, issues


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    raise DirectoryFileError([Issue(str(path), 0, "onbekend bestandstype: gebruik .yml, .yaml of .csv")])


def read_file(path: Path) -> Tuple[List[LoadedEntry], List[Issue]]:
    path = Path(path)
    kind = file_format(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [Issue(str(path), 0, "bestand bestaat niet")]
    except UnicodeDecodeError:
        return [], [Issue(str(path), 0, "bestand is geen UTF-8 tekst")]
    reader = read_yaml_text if kind == "yaml" else read_csv_text
    return reader(text, str(path))


def check_consistency(entries: Iterable[LoadedEntry]) -> List[Issue]:
    """Checks across entries: unique dienst ids, one name per organisatie id."""
    issues: List[Issue] = []
    seen: Dict[str, LoadedEntry] = {}
    org_names: Dict[str, Tuple[str, LoadedEntry]] = {}
    for entry in entries:
        record = entry.record
        if record.id in seen:
            first = seen[record.id]
            message = f"dienst-id '{record.id}' komt al voor in {first.file}:{first.line}"
            issues.append(Issue(entry.file, entry.line, message))
        else:
            seen[record.id] = entry
        known = org_names.get(record.organisatie_id)
        if known and known[0] != record.organisatie_naam:
            issues.append(Issue(
                entry.file, entry.line,
                f"organisatie '{record.organisatie_id}' heet hier '{record.organisatie_naam}' "
                f"maar in {known[1].file}:{known[1].line} '{known[0]}'",
            ))
        org_names.setdefault(record.organisatie_id, (record.organisatie_naam, entry))
    return issues


def read_files(paths: Iterable[Path]) -> Tuple[List[LoadedEntry], List[Issue]]:
    entries: List[LoadedEntry] = []
    issues: List[Issue] = []
    for path in paths:
        file_entries, file_issues = read_file(Path(path))
        entries.extend(file_entries)
        issues.extend(file_issues)
    issues.extend(check_consistency(entries))
    return entries, issues


def load_records(paths: Iterable[Path]) -> List[ServiceRecord]:
    """All records, or DirectoryFileError with every issue."""
    entries, issues = read_files(paths)
    if issues:
        raise DirectoryFileError(issues)
    return [e.record for e in entries]


# ---------------------------------------------------------------- writing


def _channel_dict(channel) -> Dict[str, Any]:
    data: Dict[str, Any] = {"soort": channel.soort, "waarde": channel.waarde}
    for key in ("toelichting", "tijden", "anoniem", "kosten"):
        value = getattr(channel, key)
        if value is not None:
            data[key] = value
    if not channel.geverifieerd:
        data["geverifieerd"] = False
    if channel.tijden_geverifieerd != channel.geverifieerd:
        data["tijden_geverifieerd"] = channel.tijden_geverifieerd
    return data


def service_dict(record: ServiceRecord) -> Dict[str, Any]:
    """The YAML form of one dienst (without organisation fields)."""
    doelgroep: Dict[str, Any] = {"rollen": list(record.rollen)}
    for key in ("leeftijd_min", "leeftijd_max"):
        if getattr(record, key) is not None:
            doelgroep[key] = getattr(record, key)
    doelgroep["gender"] = record.gender
    if record.lvb_geschikt is not None:
        doelgroep["lvb_geschikt"] = record.lvb_geschikt
    data: Dict[str, Any] = {
        "id": record.id,
        "naam": record.naam,
        "soort": record.soort,
        "beschrijving": record.beschrijving,
        "onderwerpen": list(record.onderwerpen),
        "doelgroep": doelgroep,
    }
    for key in ("anonimiteit", "kosten"):
        if getattr(record, key) is not None:
            data[key] = getattr(record, key)
    data["talen"] = list(record.talen)
    data["dekking"] = (
        record.dekking_soort if not record.dekking_gebieden else {record.dekking_soort: list(record.dekking_gebieden)}
    )
    data["urgentie"] = record.urgentie
    data["kanalen"] = [_channel_dict(c) for c in record.kanalen]
    data["bron"] = record.bron
    if record.extra_bronnen:
        data["extra_bronnen"] = list(record.extra_bronnen)
    data["gecontroleerd_op"] = record.gecontroleerd_op
    data["geverifieerd"] = record.geverifieerd
    if record.onzeker:
        data["onzeker"] = list(record.onzeker)
    if record.opmerking:
        data["opmerking"] = record.opmerking
    return data


def records_to_yaml(records: Sequence[ServiceRecord]) -> str:
    organisations: Dict[str, Dict[str, Any]] = {}
    for record in sorted(records, key=lambda r: (r.organisatie_id, r.id)):
        org = organisations.setdefault(
            record.organisatie_id, {"id": record.organisatie_id, "naam": record.organisatie_naam}
        )
        if record.organisatie_website and "website" not in org:
            org["website"] = record.organisatie_website
        org.setdefault("diensten", []).append(service_dict(record))
    body = yaml.safe_dump(
        {"organisaties": list(organisations.values())}, allow_unicode=True, sort_keys=False, width=110
    )
    return "# Export van de opvang-directory; zelfde formaat als opvang_directory/seed/*.yml\n" + body


def record_to_csv_row(record: ServiceRecord) -> Dict[str, str]:
    row = {
        "organisatie_id": record.organisatie_id,
        "organisatie_naam": record.organisatie_naam,
        "organisatie_website": record.organisatie_website or "",
        "id": record.id,
        "naam": record.naam,
        "soort": record.soort,
        "beschrijving": record.beschrijving,
        "leeftijd_min": "" if record.leeftijd_min is None else str(record.leeftijd_min),
        "leeftijd_max": "" if record.leeftijd_max is None else str(record.leeftijd_max),
        "gender": record.gender,
        "lvb_geschikt": "" if record.lvb_geschikt is None else ("true" if record.lvb_geschikt else "false"),
        "anonimiteit": record.anonimiteit or "",
        "kosten": record.kosten or "",
        "dekking": record.dekking_soort
        + (": " + f" {LIST_SEPARATOR} ".join(record.dekking_gebieden) if record.dekking_gebieden else ""),
        "urgentie": record.urgentie,
        "kanalen": json.dumps([_channel_dict(c) for c in record.kanalen], ensure_ascii=False),
        "bron": record.bron,
        "gecontroleerd_op": record.gecontroleerd_op.isoformat(),
        "geverifieerd": "true" if record.geverifieerd else "false",
        "opmerking": record.opmerking or "",
    }
    for column in _CSV_LIST_COLUMNS:
        row[column] = LIST_SEPARATOR.join(getattr(record, column))
    return row


def records_to_csv(records: Sequence[ServiceRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in sorted(records, key=lambda r: (r.organisatie_id, r.id)):
        writer.writerow(record_to_csv_row(record))
    return out.getvalue()
