-- Shown with NOT DELIVERED when no path confirms an alarm within 3 seconds.
ALTER TABLE device_settings ADD COLUMN fallback_phone TEXT NOT NULL DEFAULT '' CHECK (length(fallback_phone) <= 40);
