export { type Membership, membership, passesFilters } from "./membership.ts";
