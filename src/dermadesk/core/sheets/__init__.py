"""The printed sheets: `service` lays them out, names and records them (`practice.sheets`);
`contents` gathers what each prints from the records. Only this package imports documents/."""
