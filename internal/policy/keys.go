package policy

// declarations are the policy keys: each with the default that applies
// where a province has adopted no version, and its value's shape, units and
// ranges (decl.go). A new rule with a number is a new declaration here,
// with its labels in translations/{zh,en}/policy.json.
var declarations = []Decl{
	// Registration and filing.
	decl("review.level1_due_workdays", `2`, num(Workdays, 1, 30)),
	decl("review.level2_due_workdays", `5`, num(Workdays, 1, 30)),
	decl("filing.update_interval_months", `12`, num(Months, 1, 60)),
	decl("filing.update_reminder_days", `30`, num(Days, 0, 180)),
	// The kinds of institution that may file: registry.Types.
	decl("filing.eligible_types", `["accounting_firm", "asset_appraisal", "consulting", "law_firm", "research_institute", "university", "other"]`,
		setOf("institution.type.", institutionTypes...)),
	decl("attachment.max_bytes", `20971520`, num(Bytes, 1<<10, 200<<20)),
	decl("question.due_workdays", `2`, num(Workdays, 1, 30)),

	// Credit records, sanctions and standing.
	decl("credit.objection_window_workdays", `10`, num(Workdays, 1, 60)),
	decl("credit.publication_months", `
		{"minor": {"min": 0, "max": 0}, "general": {"min": 3, "max": 12}, "serious": {"min": 12, "max": 36}}`,
		object(member("minor", publication), member("general", publication), member("serious", publication))),
	decl("credit.eligibility_serious_lookback_years", `3`, num(Years, 0, 10)),
	decl("credit.foreign_ban_recognition", `{"min_days": 366, "require_public": true}`,
		object(member("min_days", num(Days, 0, 3650)), member("require_public", flag()))),
	decl("credit.score", `
		{"base": 100, "deduct": {"minor": 2, "general": 10, "serious": 30}, "bonus_good": 2, "bonus_max": 10, "decay_years": 3}`,
		object(
			member("base", num(Points, 1, 1000)),
			member("deduct", object(
				member("minor", num(Points, 0, 100)),
				member("general", num(Points, 0, 100)),
				member("serious", num(Points, 0, 100)))),
			member("bonus_good", num(Points, 0, 100)),
			member("bonus_max", num(Points, 0, 100)),
			member("decay_years", num(Years, 1, 10)))),
	decl("credit.ban_default_years", `3`, num(Years, 1, 10)),
	decl("credit.good_publication_months", `12`, num(Months, 0, 60)),
	decl("credit.grade_bands", `
		[{"grade": "A", "min": 9000}, {"grade": "B", "min": 8000}, {"grade": "C", "min": 6000}, {"grade": "D", "min": 0}]`,
		rows(member("grade", oneOf("", "A", "B", "C", "D")), member("min", num(Score100, 0, 10000))).
			with(rule(RuleBandsDown, "min"), rule(RuleUnique, "grade"))),
	decl("credit.rereg_similarity_percent", `80`, num(Percent, 1, 100)),

	// Projects.
	decl("team.rules", `{"min_institutions": 2, "max_share_percent": 60, "max_open_projects_per_person": 2}`,
		object(
			member("min_institutions", num(Institutions, 1, 10)),
			member("max_share_percent", num(Percent, 1, 100)),
			member("max_open_projects_per_person", num(Projects, 1, 20)))),
	decl("training.required", `true`, flag()),

	// Assessment and the year's close.
	decl("assessment.weights", `{"scheme_design": 20, "onsite": 25, "timeliness": 15, "rigour": 20, "report": 20}`,
		object(
			member("scheme_design", num(Percent, 0, 100)),
			member("onsite", num(Percent, 0, 100)),
			member("timeliness", num(Percent, 0, 100)),
			member("rigour", num(Percent, 0, 100)),
			member("report", num(Percent, 0, 100))).
			with(rule(RuleSum100))),
	decl("assessment.grade_bands", `
		[{"grade": "excellent", "min": 9000}, {"grade": "good", "min": 8000}, {"grade": "qualified", "min": 6000}, {"grade": "unqualified", "min": 0}]`,
		rows(member("grade", oneOf("grade.", "excellent", "good", "qualified", "unqualified")), member("min", num(Score100, 0, 10000))).
			with(rule(RuleBandsDown, "min"), rule(RuleUnique, "grade"))),
	decl("assessment.grade_weighting", `"amount"`, oneOf("grade.weighting.", "amount", "equal")),
	decl("assessment.comment_window_workdays", `7`, num(Workdays, 1, 30)),
	decl("assessment.timeliness_late_penalty_per_workday", `5`, num(Points, 0, 100)),
	decl("assessment.consequences", `
		{"consecutive_qualified_years": 2, "consecutive_qualified_suspension_months": 12,
		 "unqualified_suspension_months": 12, "unqualified_record_severity": "general",
		 "bottom_n": 0, "bottom_n_bar_months": 12}`,
		object(
			member("consecutive_qualified_years", num(Years, 0, 10)),
			member("consecutive_qualified_suspension_months", num(Months, 0, 60)),
			member("unqualified_suspension_months", num(Months, 0, 60)),
			member("unqualified_record_severity", severity),
			member("bottom_n", num(Institutions, 0, 100)),
			member("bottom_n_bar_months", num(Months, 0, 60)))),

	// Fees.
	decl("fee.basis", `"person_days"`, oneOf("", "person_days", "fund_size")),
	decl("fee.daily_rate_fen", `150000`, num(Fen, 0, 10_000_000)),
	decl("fee.fund_size_table", `
		[{"min_amount_fen": 0, "basic_fen": 3000000},
		 {"min_amount_fen": 100000000, "basic_fen": 6000000},
		 {"min_amount_fen": 1000000000, "basic_fen": 12000000}]`,
		rows(member("min_amount_fen", num(Fen, 0, 1_000_000_000_000)), member("basic_fen", num(Fen, 0, 1_000_000_000))).
			with(rule(RuleBandsUp, "min_amount_fen"))),
	decl("fee.performance_pool_percent", `30`, num(Percent, 0, 100)),
	decl("fee.coefficients", `
		[{"min": 9000, "percent": 100}, {"min": 8000, "percent": 80}, {"min": 6000, "percent": 50}, {"min": 0, "percent": 0}]`,
		rows(member("min", num(Score100, 0, 10000)), member("percent", num(Percent, 0, 100))).
			with(rule(RuleBandsDown, "min"))),
}

// institutionTypes are the kinds of institution (registry.Types; a test
// keeps the two alike).
var institutionTypes = []string{"accounting_firm", "asset_appraisal", "consulting", "law_firm", "research_institute", "university", "other"}

// publication is a severity's publication period in months: from min to max.
var publication = object(member("min", num(Months, 0, 60)), member("max", num(Months, 0, 60))).with(rule(RuleOrder, "min", "max"))

// severity is the severity of a credit record, or none.
var severity = Field{Kind: KindEnum, Values: []string{"minor", "general", "serious"}, Optional: true}
