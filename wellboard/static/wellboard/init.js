// Starts GOV.UK Frontend's components; a module file because the policy forbids inline script.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
