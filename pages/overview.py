"""Overview: the period at a glance."""

import streamlit as st

from dashboard import data
from dashboard.charts import volume_by_channel
from dashboard.components import download_csv, empty_state, guarded, no_data_in_period, tile_row
from dashboard.i18n import _, day
from dashboard.sidebar import channel_label, current_filters
from dashboard.tiles import overview_tiles

filters = current_filters()
st.title(_("Overview"))
st.caption(
    _("{start} – {end}, times in {zone}").format(
        start=day(filters.start), end=day(filters.end), zone=filters.tz
    )
)

if data.filter_options().empty:
    empty_state()
    st.stop()

with guarded(_("Overview")):
    overview = data.overview(filters, data.as_of_now())
    if overview.counts["conversations"] == 0:
        no_data_in_period()
        st.stop()
    tiles = overview_tiles(overview)
    tile_row(tiles[:4], columns=4)
    tile_row(tiles[4:], columns=4)

    st.subheader(_("Conversations per day"))
    labels = {channel: channel_label(channel) for channel in ("chat", "email", "phone", "social")}
    st.plotly_chart(
        volume_by_channel(overview.volume, labels, x_title=_("Day"), y_title=_("Conversations")),
        key="volume_chart",
    )
    download_csv(
        _("Download CSV"), overview.volume.write_csv, "conversations-per-day.csv", key="volume_csv"
    )
