import { eventCategoriesFor } from "../../../components/shared/events";
import { criticalEventCategories } from "../../../aws-facts/events";

test("an instance subscription carries the critical, backup and configuration categories", () => {
    expect(eventCategoriesFor("db-instance")).toEqual(["failure", "failover", "low storage", "maintenance", "backup", "notification", "configuration change"]);
    expect(eventCategoriesFor("db-instance")).toEqual(expect.arrayContaining([...criticalEventCategories]));
});

test("a cluster subscription leaves out the categories clusters do not have", () => {
    expect(eventCategoriesFor("db-cluster")).toEqual(["failure", "failover", "maintenance", "notification", "configuration change"]);
});
