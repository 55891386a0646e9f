"""The whole simulation, step by step, and the table frames it yields in write order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl
from sqlalchemy import Table

from queries.demo.activity import customer_activity
from queries.demo.clock import ZoneClock
from queries.demo.columns import external_ids, int_column, labels, utc_column
from queries.demo.labels import label_frame
from queries.demo.people import ZONES, CustomerPool, created_times, customer_frame, draw_customers
from queries.demo.reviews import review_frames
from queries.demo.roster import (
    FUTURE_DAYS,
    SITES,
    Shifts,
    Staff,
    agent_frame,
    hire,
    plan_shifts,
)
from queries.demo.service import (
    Service,
    expected_queue,
    first_contact_resolved,
    serve,
    trouble,
    weekday_cells,
)
from queries.demo.spec import DAY, DemoSpec, Timeline, random_stream
from queries.demo.staffing import hourly_staffing
from queries.demo.surveys import invitations, responses, satisfaction
from queries.demo.traffic import (
    CATEGORIES,
    CHANNELS,
    Arrivals,
    first_contacts,
    repeat_contacts,
)
from queries.plumbing import schema
from queries.plumbing.progress import Progress

REPEAT_SHARE = 0.11
"""Share of conversations that are a customer coming back about the same thing."""
SIMULATION_STEPS = 4


@dataclass(slots=True)
class World:
    """The simulated world as arrays; `steps()` turns it into table frames."""

    spec: DemoSpec
    timeline: Timeline
    clock: ZoneClock
    pool: CustomerPool
    staff: Staff
    shifts: Shifts
    arrivals: Arrivals
    service: Service
    fcr: np.ndarray
    feeling: np.ndarray

    @classmethod
    def simulate(cls, spec: DemoSpec, progress: Progress) -> World:
        label = "simulating"
        progress(label, 0, SIMULATION_STEPS)
        timeline = Timeline.of(spec)
        zones = [zone.name for zone in ZONES] + [zone for zone, _ in SITES.values()]
        clock = ZoneClock(
            sorted(set(zones)),
            timeline.start_s - 3 * DAY,
            timeline.horizon_s + (FUTURE_DAYS + 3) * DAY,
        )
        pool = draw_customers(random_stream(spec.seed, "customers"), spec.customers)
        staff = hire(random_stream(spec.seed, "agents"), spec, timeline)
        shifts = plan_shifts(random_stream(spec.seed, "shifts"), staff, timeline, clock)
        staffing = hourly_staffing(shifts, staff, timeline)
        cells = weekday_cells(timeline, clock)
        progress(label, 1, SIMULATION_STEPS)
        repeat_count = round(spec.conversations * REPEAT_SHARE)
        first = first_contacts(
            random_stream(spec.seed, "arrivals"),
            pool,
            spec.conversations - repeat_count,
            timeline,
            clock,
        )
        scale = spec.conversations / first.size
        risk = trouble(first, expected_queue(first, timeline, staffing, cells, scale))
        again = repeat_contacts(
            random_stream(spec.seed, "repeats"), first, risk, repeat_count, timeline.horizon_s
        )
        arrivals = Arrivals.join(first, again)
        arrivals = arrivals.take(np.argsort(arrivals.opened_s, kind="stable"))
        progress(label, 2, SIMULATION_STEPS)
        queue = expected_queue(arrivals, timeline, staffing, cells)
        service = serve(random_stream(spec.seed, "service"), arrivals, queue, staffing, timeline)
        progress(label, 3, SIMULATION_STEPS)
        fcr = first_contact_resolved(arrivals, service)
        feeling = satisfaction(random_stream(spec.seed, "experience"), arrivals, service, fcr, pool)
        progress(label, SIMULATION_STEPS, SIMULATION_STEPS)
        return cls(spec, timeline, clock, pool, staff, shifts, arrivals, service, fcr, feeling)

    def steps(self) -> Iterator[tuple[str, list[tuple[Table, pl.DataFrame]]]]:
        """(progress label, [(table, frame), …]) in foreign-key order, built one at a time."""
        seed = self.spec.seed
        first_contact = np.full(self.pool.size, self.timeline.horizon_s, dtype=np.int64)
        np.minimum.at(first_contact, self.arrivals.customer, self.arrivals.opened_s)
        people_rng = random_stream(seed, "customers")
        created = created_times(people_rng, first_contact, self.timeline.start_s)
        yield "customers", [(schema.customers, customer_frame(people_rng, self.pool, created))]
        yield "agents", [(schema.agents, agent_frame(random_stream(seed, "agents"), self.staff))]
        yield "shifts", [(schema.shifts, self.shifts.frame())]
        yield "conversations", [(schema.conversations, self.conversation_frame())]
        survey_rng = random_stream(seed, "surveys")
        outbox = invitations(
            survey_rng,
            self.arrivals,
            self.service,
            self.pool,
            self.staff,
            self.timeline,
            self.clock,
        )
        answers = responses(
            survey_rng, outbox, self.feeling, self.fcr, self.service, self.arrivals, self.timeline
        )
        reviews = review_frames(
            seed,
            self.arrivals,
            self.service,
            self.feeling,
            self.fcr,
            answers,
            self.pool,
            self.clock,
            self.timeline,
        )  # their own generator: every other row stays as it was
        yield "surveys", [(schema.survey_invitations, outbox), (schema.survey_responses, answers)]
        del outbox, answers
        activity = customer_activity(
            random_stream(seed, "activity"),
            self.arrivals.customer,
            self.arrivals.opened_s,
            self.feeling,
            self.pool,
            created,
            self.timeline,
        )
        yield "activity", [(schema.customer_activity, activity)]
        del activity
        yield "reviews", [(schema.qa_reviews, reviews[0]), (schema.qa_review_scores, reviews[1])]
        yield "labels", [(schema.display_names, label_frame())]

    def conversation_frame(self) -> pl.DataFrame:
        a, s = self.arrivals, self.service
        return pl.DataFrame(
            {
                "id": np.arange(1, a.size + 1),
                "external_id": external_ids("T", a.size, 7),
                "customer_id": a.customer + 1,
                "agent_id": int_column(s.agent, s.answered),
                "channel": labels(CHANNELS, a.channel),
                "category": labels((*CATEGORIES, None), a.category),
                "opened_at": utc_column(a.opened_s),
                "first_response_at": utc_column(s.first_response_s, s.answered),
                "resolved_at": utc_column(s.resolved_s, s.resolved),
                "agent_replies": s.replies,
                "reopened_count": s.reopened,
                "handle_seconds": int_column(s.handle_s, s.has_handle),
            }
        )
