-- One database per service, owned by a role of the same name whose password is the name:
-- the same layout LocalPostgres (platform-test) creates for the local stack.
CREATE ROLE rathaus_applications LOGIN PASSWORD 'rathaus_applications';
CREATE DATABASE rathaus_applications OWNER rathaus_applications;

CREATE ROLE rathaus_appointments LOGIN PASSWORD 'rathaus_appointments';
CREATE DATABASE rathaus_appointments OWNER rathaus_appointments;

CREATE ROLE rathaus_payments LOGIN PASSWORD 'rathaus_payments';
CREATE DATABASE rathaus_payments OWNER rathaus_payments;

CREATE ROLE rathaus_notifications LOGIN PASSWORD 'rathaus_notifications';
CREATE DATABASE rathaus_notifications OWNER rathaus_notifications;
