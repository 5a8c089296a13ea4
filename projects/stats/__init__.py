"""The programme's figures for a year or a range of years: dashboard and yearly report.

The dashboard and the report add up counters the writes keep (`summary`, `summed`); `figures`
and `supported` compute the same figures from the rows (kept for the summary's tests and the
export of supported companies). Either costs a fixed number of queries whatever the number of
projects.

- `period`: the period the figures are about (whole calendar years);
- `supported`: the companies supported in the period, against the yearly targets, and their list;
- `figures`: the figures of the projects received in the period, and all of them together;
- `summary`: counters per year kept up to date by the writes (each project's and company's
  part), and their rebuild; `summed`: the figures of a period from those counters;
- `cache`: the figures kept in the cache until a write changes what they count, and their
  refresh by a worker while the dashboard shows the previous ones.
"""
