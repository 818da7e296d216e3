package audit

// KindReview is a reviewer's declassification decision (cable.Review):
// its detail says what was decided, "paragraph 3 redacted (b)(1): …".
const KindReview = "review"
