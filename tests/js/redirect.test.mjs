// Tests for themes/default/static/redirect.js: looking an old address up in
// the redirect map. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { redirectTarget } = require("../../themes/default/static/redirect.js");

const map = {
  "/Default.aspx?tabid=85&ID=1234": "/tin-tuc/hoi-nghi/",
  "/?p=12": "/tin-tuc/bai-cu/",
  "/tin%20tuc/xem.php?id=T%E1%BB%95": "/tin-tuc/to/",
};

test("an old address with its query leads to the new page", () => {
  assert.equal(redirectTarget(map, "/", "/Default.aspx", "?tabid=85&ID=1234"), "/tin-tuc/hoi-nghi/");
  assert.equal(redirectTarget(map, "/", "/", "?p=12"), "/tin-tuc/bai-cu/");
});

test("the base path of a site in a sub-folder is not part of the key", () => {
  assert.equal(redirectTarget(map, "/dan-van/", "/dan-van/Default.aspx", "?tabid=85&ID=1234"), "/tin-tuc/hoi-nghi/");
  assert.equal(redirectTarget(map, "/dan-van/", "/dan-van/", "?p=12"), "/tin-tuc/bai-cu/");
});

test("an address encoded another way is found by its decoded form", () => {
  assert.equal(redirectTarget(map, "/", "/tin%20tuc/xem.php", "?id=T%e1%bb%95"), "/tin-tuc/to/");
  assert.equal(redirectTarget(map, "/", "/tin%20tuc/xem.php", "?id=Tổ"), "/tin-tuc/to/");
});

test("nothing else is sent anywhere", () => {
  assert.equal(redirectTarget(map, "/", "/Default.aspx", ""), null);
  assert.equal(redirectTarget(map, "/", "/Default.aspx", "?"), null);
  assert.equal(redirectTarget(map, "/", "/Default.aspx", "?tabid=85"), null);
  assert.equal(redirectTarget(map, "/", "/Default.aspx", "?tabid=85&ID=1234&x=1"), null);
  assert.equal(redirectTarget(null, "/", "/", "?p=12"), null);
  assert.equal(redirectTarget({ "__proto__x": 1 }, "/", "/", "?toString"), null);
});
