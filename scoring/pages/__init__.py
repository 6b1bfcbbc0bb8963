"""The fans' server-rendered pages: match centres, scorecards, timelines, commentary,
charts and competition pages. They read the projection (scoring) and the fixtures
(matches), so they live on the scoring side."""
