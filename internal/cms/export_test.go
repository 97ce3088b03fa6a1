package cms

// What the tests in package cms_test (which import internal/features,
// and so cannot be in package cms) use from the package's insides.
var (
	Need        = need
	ExampleSite = exampleSite
	Bundle      = bundle
	CMSRef      = cmsRef
)
