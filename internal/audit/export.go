package audit

// KindExport is a bulk export of what a reader may see (cable export):
// its detail says the format and how many cables it wrote. Each cable
// exported is also a read, audited and counted as one.
const KindExport = "export"
