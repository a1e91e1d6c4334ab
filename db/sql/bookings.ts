/**
 * Accepted bookings of one listing never overlap, whoever accepts them and however many at
 * once: an exclusion constraint over the half-open range [starts_at, ends_at) (btree_gist gives
 * `=` on uuid in a GiST index). Requested, declined and cancelled bookings may overlap freely.
 * Idempotent: the constraint is added only when missing.
 */
export const BOOKINGS_POST_SQL = [
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'bookings_no_overlap' AND conrelid = 'bookings'::regclass) THEN
       ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
         EXCLUDE USING gist (listing_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
         WHERE (state = 'accepted');
     END IF;
   END $$`,
]
