"""The import of a prospect list of 10,000 rows, timed (`manage.py bench_imports`).

Builds a CSV and an Excel file in memory — one row per contact, about two contacts per
company, a tenth of the companies already in the portal — and runs them through the import's
own steps: reading the file, the preview (the plan, with the duplicate lookup), and the
confirmation (the plan again and the bulk writes, in one transaction), with duplicates skipped
then merged. Prints the time and the queries of each step. Everything is rolled back at the
end: run it on a migrated database (SQLite or PostgreSQL).
"""

import csv
import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from stdnum import luhn

from companies.imports import ProspectImporter
from companies.models import Company
from pmi_aqt.accounts.models import User
from pmi_aqt.imports.importer import records_of
from pmi_aqt.imports.models import ImportRun
from pmi_aqt.imports.reading import read_table

HEADER = [
    "Raison sociale",
    "SIRET",
    "Adresse",
    "Code postal",
    "Ville",
    "Code NAF",
    "Effectif",
    "Site web",
    "Prénom",
    "Nom",
    "E-mail",
    "Téléphone",
    "Fonction",
]
POSTCODES = [("33700", "Mérignac"), ("64100", "Bayonne"), ("24000", "Périgueux"),
             ("40100", "Dax"), ("47000", "Agen")]  # fmt: skip


def siret(number: int) -> str:
    siren = f"{7_0000_000 + number:08d}"
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def prospect_rows(count: int) -> list[list[str]]:
    rows = []
    for index in range(count):
        company = index // 2
        postcode, city = POSTCODES[company % len(POSTCODES)]
        rows.append(
            [
                f"Mécanique de précision {company}",
                siret(company),
                f"{company % 200 + 1} rue de l'Industrie",
                postcode,
                city,
                "25.62B",
                str(5 + company % 300),
                f"www.meca-{company}.example",
                "Claire" if index % 2 else "Marc",
                f"Dupont-{company}",
                f"contact{index}@meca-{company}.example",
                "05 56 00 00 00",
                "Dirigeant·e",
            ]
        )
    return rows


def csv_upload(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("prospects.csv", buffer.getvalue().encode("cp1252"))


def xlsx_upload(rows) -> SimpleUploadedFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("prospects.xlsx", buffer.getvalue())


class ImportBench:
    """Writes one line per file imported to `stdout`."""

    def __init__(self, stdout) -> None:
        self.stdout = stdout

    def run(self, rows: int) -> None:
        data = prospect_rows(rows)
        importer = ProspectImporter()
        self.stdout.write(f"{rows} rows, {connection.vendor}")
        with transaction.atomic():
            user = User.objects.create(email="bench-imports@pmi-aqt.invalid")
            # A tenth of the companies are already known (to be skipped or merged).
            known = {row[1]: row for row in data[: rows // 5 : 2]}
            Company.objects.bulk_create(
                Company(
                    name=row[0], siret=siret_, postcode=row[3], city=row[4], department=row[3][:2]
                )  # fmt: skip
                for siret_, row in known.items()
            )
            for label, upload, duplicates in (
                ("CSV, duplicates skipped", csv_upload(data), "skip"),
                ("Excel, duplicates merged", xlsx_upload(data), "merge"),
            ):
                self._measure(label, importer, user, upload, duplicates)
            transaction.set_rollback(True)

    def _measure(self, label, importer, user, upload, duplicates) -> None:
        timings = []
        started = time.perf_counter()
        with transaction.atomic():
            table = self._step(timings, "read", lambda: read_table(upload))
            run = ImportRun.objects.create(
                kind=importer.kind,
                created_by=user,
                file_name=upload.name,
                headers=table.headers,
                rows=table.rows,
                row_count=len(table.rows),
                mapping={
                    str(i): key
                    for i, key in enumerate(
                        [
                            "name",
                            "siret",
                            "address",
                            "postcode",
                            "city",
                            "naf_code",
                            "headcount_band",
                            "website",
                            "first_name",
                            "last_name",
                            "email",
                            "phone",
                            "job_title",
                        ]
                    )
                },  # fmt: skip
                options={"duplicates": duplicates},
            )
            run.refresh_from_db()
            plan = self._step(
                timings, "preview", lambda: importer.plan(records_of(run), run.options)
            )
            assert not plan.errors, plan.error_messages(5)

            def confirm():
                with transaction.atomic():
                    confirmed = importer.plan(records_of(run), run.options)
                    importer.write(confirmed, by=user)
                return confirmed

            confirmed = self._step(timings, "confirm", confirm)
            transaction.set_rollback(True)
        total = time.perf_counter() - started
        steps = ", ".join(f"{name} {seconds:.2f} s (CPU {cpu:.2f} s, {queries} queries)"
                          for name, seconds, cpu, queries in timings)  # fmt: skip
        self.stdout.write(
            f"{label}: {steps}; total {total:.2f} s — {confirmed.created} created, "
            f"{confirmed.updated} merged, {confirmed.skipped} skipped, "
            f"{', '.join(confirmed.extra_counts)}"
        )

    def _step(self, timings, name, work):
        with CaptureQueriesContext(connection) as captured:
            tick, cpu = time.perf_counter(), time.process_time()
            result = work()
            elapsed = time.perf_counter() - tick
            timings.append((name, elapsed, time.process_time() - cpu, len(captured)))
        return result
