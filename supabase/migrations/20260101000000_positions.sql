-- Union positions, read by PositionsService through supabase-js (CONTRACT section 3).
create table public.positions (
  id bigint generated always as identity primary key,
  membernumber text not null,
  positiontype text not null,
  facility_id text null,
  start_date date not null,
  end_date date null
);
create index positions_membernumber_idx on public.positions (membernumber);
