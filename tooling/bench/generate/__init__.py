"""Fill the database with a programme at national scale, or any fraction of it.

At `scale=1`: 100,000 companies, 250,000 projects, 1,000,000 interactions, 5,000 task-force
sessions and 50,000 reviews, with everything around them (contacts, stage history, needs,
resources, financing lines, support actions, follow-ups, agendas, seats, conflicts, scores,
emails, intake drafts, documents and the requests they answer, finished exports, and the
people: officers, finance officers, managers, members). Documents and exports name real files,
written under the default storage's `bench-generated/` folder, which a reset removes.

Everything comes from one `random.Random(seed)`: the same seed and scale give the same data.
Rows are written in chunks by `writer.TableWriter` (COPY on PostgreSQL) with ids chosen here,
inside one transaction, then the tables are analysed so the planner knows their new sizes.

The modules: tables.py (volumes and vocabulary), base.py (what the steps share), one module per
step (people, directory, companies, taskforce, projects, files), generator.py
(`ScaleDataGenerator`, the steps in order) and reset.py (what is there already, and emptying it).
"""
