"""The filter options as the user gave them: words, not yet checked.

The command line declares its options with `FilterOptions` at start-up, a view
(`views.View.filters`) carries it, and the browser changes it (`f` chooses families).
`make_filter` checks the words and builds the `filters.Filter` once a command runs. Both
come from the criteria table (`criteria.CRITERIA`, through `filters`), which the command
line's options import anyway.
"""

from __future__ import annotations

from papercli.filters import FilterOptions as FilterOptions
from papercli.filters import make_filter as make_filter

NO_FILTERS = FilterOptions()
