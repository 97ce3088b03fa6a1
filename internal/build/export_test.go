package build

// Reference returns o set to build the slow way (Options.reference).
func Reference(o Options) Options {
	o.reference = true
	o.TuneGC = false
	return o
}
