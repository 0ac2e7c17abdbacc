# ruff: noqa: E501  (prose: the glossary text reads better unbroken by the formatter)
"""The glossary: the words of the Trust Act and of DHS forms that officers meet on the
screens, in plain words, with where the law says so (LAW.md is the source)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    meaning: str
    source: str = ""


TERMS: tuple[Term, ...] = (
    Term(
        "i-247a",
        "I-247A (immigration detainer)",
        "The DHS form ICE sends to ask an agency to tell it a person's release date, to hold the person up to "
        "48 hours after they would otherwise be released, or to transfer them. It is a request, not a warrant. "
        "The only detainer form issued since 2 April 2017; older I-247D, I-247N and I-247X forms already "
        "issued stay active.",
        "LAW.md §3; C.G.S. § 54-192h(a)(2)",
    ),
    Term(
        "civil-immigration-detainer",
        "Civil immigration detainer",
        "Any request from a federal immigration authority about a person in custody: to detain them, to transfer "
        "them, to be told their release date and time, or to say ICE intends to take custody. A notification-only "
        "request is a detainer too.",
        "C.G.S. § 54-192h(a)(2)",
    ),
    Term(
        "administrative-warrant",
        "Administrative warrant (I-200, I-205)",
        "A warrant, notice to appear, removal order or deportation warrant issued by an agent of ICE, CBP or "
        "another immigration agency, not signed by a judge. DHS forms I-200, I-203, I-205, I-286, a notice to "
        "appear and an immigration judge's order are administrative. Nobody may be arrested or held on one.",
        "C.G.S. § 54-192h(a)(1), (b)(1)(C)",
    ),
    Term(
        "judicial-warrant",
        "Judicial warrant",
        "A warrant issued or signed by a judicial officer: a judge of the state or federal courts or a federal "
        "magistrate judge. An immigration judge is not a judicial officer. A judicial warrant allows a hold, "
        "notice and transfer, but not an ICE interview.",
        "C.G.S. § 54-192h(a)(7), (b)(1)(A)(i), (b)(1)(D)",
    ),
    Term(
        "court-order-interview",
        "Court order under 8 U.S.C. § 1225(d)(4)(B)",
        "A federal court order to appear for examination. It is one of the three things that allow an ICE "
        "interview of a person in custody.",
        "C.G.S. § 54-192h(b)(1)(D)(iii)",
    ),
    Term(
        "would-otherwise-be-released",
        "Would otherwise be released",
        "The moment the person would walk out if there were no detainer: bond posted, charges dismissed, "
        "sentence served, or release ordered by a court. The 48-hour clock starts here, so TrustPortal asks for "
        "it explicitly.",
        "LAW.md §2; 8 CFR 287.7(d)",
    ),
    Term(
        "48-hour-limit",
        "The 48-hour limit",
        "A person held on a detainer must be released when ICE has not taken custody 48 hours after they would "
        "otherwise have been released (under the 2013 act: 48 hours not counting Saturdays, Sundays and federal "
        "holidays). TrustPortal uses 48 clock hours for the later law: the shorter, safer reading (a policy).",
        "8 CFR 287.7(d); LAW.md §2",
    ),
    Term(
        "class-a-b-felony",
        "Class A or B felony conviction",
        "A conviction (not a pending charge) of a felony the statute classes as A or B, as the statute stood on "
        "the offense date. An attempt or conspiracy to commit a class A felony is class B; an accessory has the "
        "class of the offense itself.",
        "C.G.S. § 54-192h(b)(1)(A)(ii); §§ 53a-25, 53a-51, 53a-8",
    ),
    Term(
        "tsdb",
        "Terrorist Screening Database match",
        "The person is identified as a possible match in the federal Terrorist Screening Database or a similar "
        "database. One of the exceptions that allow a hold, notice, transfer and interview.",
        "C.G.S. § 54-192h(b)(1)(A)(iii)",
    ),
    Term(
        "ice-access",
        "ICE access",
        "Any of: responding to a detainer or notification request; telling ICE a person is being or will be "
        "released at a certain date and time; giving ICE a non-public release time, home or work address; "
        "letting ICE interview the person; letting ICE use the agency's facility or resources; giving probation "
        "or parole information. Fingerprints sent to AFIS and NCIC queries are not ICE access. Every ICE access is "
        "a public record and counts in the semiannual report to OPM.",
        "C.G.S. § 54-192h(a)(6), (e)(2), (e)(3)",
    ),
    Term(
        "notification-request",
        "Notification request",
        "A request to be told a person's release date and time. Before anyone answers it, the officer forwards "
        "it to the head of the agency for review.",
        "C.G.S. § 54-192h(c)",
    ),
    Term(
        "confidential-information",
        "Confidential information",
        "Sexual orientation; being a victim of domestic violence or sexual assault; being a crime witness or "
        "receiving public assistance; income tax and financial records, including Social Security numbers. It "
        "goes to ICE only with the person's written authorisation, for a terrorism investigation, or where law "
        "requires it.",
        "C.G.S. § 54-192h(a)(3), (d)",
    ),
    Term(
        "needs-review",
        "Needs review",
        "The engine could not settle the answer from the facts recorded (a missing offense date, an unknown "
        "class, an out-of-state conviction, an unconfirmed reading of the law). Record the fact it names, or a "
        "supervisor decides. TrustPortal never turns an unsettled question into a silent yes or no.",
        "",
    ),
    Term(
        "agency-policy",
        "Agency policy (not law)",
        "A rule the agency chose, shown apart from the statute's rules: for example, no ICE interview without "
        "the person's written consent. The statute itself asks for no consent.",
        "LAW.md §1.2(D)",
    ),
    Term(
        "confidence",
        "Confidence marks",
        "Every rule says how sure we are of it: statute text (read from the statute's own words), official "
        "summary (exact wording not read), unconfirmed (reported or inferred: treated as needing legal review), "
        "agency policy (not law).",
        "LAW.md",
    ),
)
