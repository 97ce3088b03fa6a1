package jekyll

// The deltag types a Jekyll collection is tried against (candidateTypes),
// as the default site.yaml declares them, with the keys Jekyll sites
// write their fields under. A field marked fit must be in every document
// for the collection to become the type: the type's required fields in
// deltag (event: start; project: funder; pool: total and currency), plus
// what tells the type from any other collection where deltag requires
// nothing (event: a place; idea: the idea and its goal). The budget type
// is not tried: its required votes: names a file of counted votes,
// which no Jekyll collection has.

// candidateTypes are the types a collection is tried against, in order:
// the first that fits is taken.
var candidateTypes = []*deltagType{&eventType, &projectType, &ideaType, &poolType}

// eventType is deltag's event type as the import declares it.
var eventType = deltagType{
	name:   "event",
	layout: "events",
	list:   true,
	label:  map[string]string{"sv": "Evenemang", "da": "Arrangementer", "nb": "Arrangementer", "en": "Events", "de": "Veranstaltungen"},
	fields: []typeField{
		{name: "start", kind: "datetime", fit: true, required: true, what: "start date",
			keys:  []string{"start", "start_date", "startdate", "starts", "starts_at", "start_at", "begin", "begins", "event_date", "datetime", "date"},
			label: map[string]string{"sv": "Börjar", "da": "Starter", "nb": "Starter", "en": "Starts", "de": "Beginn"}},
		{name: "end", kind: "datetime", what: "end",
			keys:  []string{"end", "end_date", "enddate", "ends", "ends_at", "end_at", "until"},
			label: map[string]string{"sv": "Slutar", "da": "Slutter", "nb": "Slutter", "en": "Ends", "de": "Ende"}},
		{name: "allDay", kind: "bool", derived: true},
		{name: "location", kind: "place", fit: true, what: "place",
			keys:  []string{"location", "place", "venue", "where", "address", "plats", "sted", "lokal", "ort"},
			label: map[string]string{"sv": "Plats", "da": "Sted", "nb": "Sted", "en": "Place", "de": "Ort"}},
		{name: "organiser", kind: "string", what: "organiser",
			keys:  []string{"organiser", "organizer", "host", "arranger", "arrangor", "arrangør", "arrangör"},
			label: map[string]string{"sv": "Arrangör", "da": "Arrangør", "nb": "Arrangør", "en": "Organiser", "de": "Veranstalter"}},
		{name: "registration", kind: "url", what: "registration link",
			keys:  []string{"registration", "registration_url", "register", "signup", "sign_up", "rsvp", "tickets"},
			label: map[string]string{"sv": "Anmälan", "da": "Tilmelding", "nb": "Påmelding", "en": "Registration", "de": "Anmeldung"}},
		{name: "online", kind: "url", what: "link to the broadcast",
			keys:  []string{"online", "stream", "livestream", "meeting_url", "video_url"},
			label: map[string]string{"sv": "Länk till sändningen", "da": "Link til udsendelsen", "en": "Online link"}},
	},
}

// projectType is deltag's project type (a funded project).
var projectType = deltagType{
	name:   "project",
	layout: "projects",
	list:   true,
	label:  map[string]string{"sv": "Projekt", "da": "Projekter", "nb": "Prosjekter", "en": "Projects", "de": "Projekte"},
	fields: []typeField{
		{name: "funder", kind: "string", fit: true, required: true, what: "funder",
			keys:  []string{"funder", "funders", "funded_by", "financier", "finansiar", "finansiär", "finansiering", "finansiør", "bevilget_af", "sponsor"},
			label: map[string]string{"sv": "Finansiär", "da": "Finansiering", "nb": "Finansiering", "en": "Funder", "de": "Förderer"}},
		{name: "programme", kind: "string", what: "programme",
			keys:  []string{"programme", "program", "funding_programme"},
			label: map[string]string{"sv": "Program", "da": "Program", "en": "Programme"}},
		{name: "call", kind: "string", what: "call",
			keys:  []string{"call", "utlysning", "opslag"},
			label: map[string]string{"sv": "Utlysning", "da": "Opslag", "en": "Call"}},
		{name: "reference", kind: "string", what: "reference",
			keys:  []string{"reference", "diarienummer", "dnr", "journalnummer", "case_number", "grant_number"},
			label: map[string]string{"sv": "Diarienummer", "da": "Journalnummer", "en": "Reference"}},
		{name: "grant", kind: "money", what: "grant",
			keys:  []string{"grant", "amount", "beviljat", "bevilget", "grant_amount"},
			label: map[string]string{"sv": "Beviljat belopp", "da": "Bevilget beløb", "en": "Grant"}},
		{name: "currency", kind: "string", what: "currency",
			keys:  []string{"currency", "valuta"},
			label: map[string]string{"sv": "Valuta", "da": "Valuta", "en": "Currency"}},
		{name: "coordinator", kind: "string", what: "coordinator",
			keys:  []string{"coordinator", "project_owner", "projektagare", "projektägare", "projektejer", "lead"},
			label: map[string]string{"sv": "Projektägare", "da": "Projektejer", "en": "Coordinator"}},
		{name: "partners", kind: "list", what: "partners",
			keys:  []string{"partners", "partner", "parter"},
			label: map[string]string{"sv": "Partner", "da": "Partnere", "en": "Partners"}},
		{name: "start", kind: "date", what: "start",
			keys:  []string{"start", "start_date", "starts", "startdatum"},
			label: map[string]string{"sv": "Start", "da": "Start", "en": "Start"}},
		{name: "end", kind: "date", what: "end",
			keys:  []string{"end", "end_date", "ends", "slutdatum"},
			label: map[string]string{"sv": "Slut", "da": "Slut", "en": "End"}},
		{name: "status", kind: "choice", what: "status",
			keys:  []string{"status", "state"},
			label: map[string]string{"sv": "Status", "da": "Status", "en": "Status"},
			choices: []typeChoice{
				{value: "planned", words: []string{"planned", "planning", "upcoming", "planerat", "planerad", "planlagt", "kommande"},
					label: map[string]string{"sv": "Planerat", "da": "Planlagt", "en": "Planned"}},
				{value: "ongoing", words: []string{"ongoing", "active", "running", "in progress", "pågående", "pagaende", "igangværende", "aktiv", "aktivt"},
					label: map[string]string{"sv": "Pågående", "da": "Igangværende", "en": "Ongoing"}},
				{value: "completed", words: []string{"completed", "complete", "done", "finished", "closed", "avslutat", "avslutad", "afsluttet", "klar", "färdig"},
					label: map[string]string{"sv": "Avslutat", "da": "Afsluttet", "en": "Completed"}},
			}},
		{name: "purpose", kind: "markdown", what: "purpose",
			keys:  []string{"purpose", "syfte", "formål", "formal", "aim"},
			label: map[string]string{"sv": "Syfte", "da": "Formål", "en": "Purpose"}},
		{name: "results", kind: "markdown", what: "results",
			keys:  []string{"results", "resultat", "resultater", "outcome", "outcomes"},
			label: map[string]string{"sv": "Resultat", "da": "Resultater", "en": "Results"}},
	},
}

// ideaType is deltag's idea card.
var ideaType = deltagType{
	name:   "idea",
	layout: "ideas",
	list:   true,
	label:  map[string]string{"sv": "Idékort", "da": "Idékort", "en": "Ideas"},
	fields: []typeField{
		{name: "goal", kind: "markdown", fit: true, what: "goal",
			keys:  []string{"goal", "goals", "mål", "maal", "objective"},
			label: map[string]string{"sv": "Mål", "da": "Mål", "en": "Goal"}},
		{name: "idea", kind: "markdown", fit: true, what: "idea",
			keys:  []string{"idea", "idé", "ide", "idéen", "proposal", "forslag", "förslag"},
			label: map[string]string{"sv": "Idén", "da": "Idéen", "en": "The idea"}},
		{name: "driver", kind: "markdown", what: "driver",
			keys:  []string{"driver", "drivers", "förändringskraft", "forandringsdriver"},
			label: map[string]string{"sv": "Förändringskraft", "da": "Forandringsdriver", "en": "Driver"}},
		{name: "benefit", kind: "markdown", what: "benefit",
			keys:  []string{"benefit", "benefits", "nytta", "gevinst"},
			label: map[string]string{"sv": "Nytta för de boende", "da": "Gevinst for beboerne", "en": "Benefit"}},
		{name: "measurement", kind: "markdown", what: "measurement",
			keys:  []string{"measurement", "measure", "effekt", "måling"},
			label: map[string]string{"sv": "Så mäts effekten", "da": "Måling af effekten", "en": "Measurement"}},
		{name: "actors", kind: "markdown", what: "actors",
			keys:  []string{"actors", "aktörer", "aktører", "nyckelaktörer", "nøgleaktører"},
			label: map[string]string{"sv": "Nyckelaktörer", "da": "Nøgleaktører", "en": "Key actors"}},
		{name: "prerequisites", kind: "markdown", what: "prerequisites",
			keys:  []string{"prerequisites", "förutsättningar", "forudsætninger"},
			label: map[string]string{"sv": "Förutsättningar", "da": "Forudsætninger", "en": "Prerequisites"}},
		{name: "team", kind: "markdown", what: "team",
			keys:  []string{"team"},
			label: map[string]string{"sv": "Team", "da": "Team", "en": "Team"}},
	},
}

// poolType is deltag's funding pool.
var poolType = deltagType{
	name:   "pool",
	layout: "pools",
	label:  map[string]string{"sv": "Potter", "da": "Puljer", "en": "Pools"},
	fields: []typeField{
		{name: "total", kind: "money", fit: true, required: true, what: "total amount",
			keys:  []string{"total", "total_amount", "pot", "pott", "pulje"},
			label: map[string]string{"sv": "Totalt", "da": "I alt", "en": "Total"}},
		{name: "max", kind: "money", what: "maximum per project",
			keys:  []string{"max", "max_amount", "maximum"},
			label: map[string]string{"sv": "Högst per projekt", "da": "Højst pr. projekt", "en": "Maximum per project"}},
		{name: "currency", kind: "string", fit: true, required: true, what: "currency",
			keys:  []string{"currency", "valuta"},
			label: map[string]string{"sv": "Valuta", "da": "Valuta", "en": "Currency"}},
		{name: "eligible", kind: "text", what: "who may apply",
			keys:  []string{"eligible", "eligibility", "vem_kan_soka", "hvem_kan_søge"},
			label: map[string]string{"sv": "Vem kan söka", "da": "Hvem kan søge", "en": "Who can apply"}},
		{name: "deadline", kind: "date", what: "deadline",
			keys:  []string{"deadline", "sista_ansokningsdag", "ansøgningsfrist"},
			label: map[string]string{"sv": "Sista ansökningsdag", "da": "Ansøgningsfrist", "en": "Deadline"}},
		{name: "rules", kind: "markdown", what: "rules",
			keys:  []string{"rules", "villkor", "betingelser", "conditions"},
			label: map[string]string{"sv": "Villkor", "da": "Betingelser", "en": "Conditions"}},
	},
}
