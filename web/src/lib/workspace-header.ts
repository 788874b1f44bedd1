/** The header the web app sends with every API call: the slug of the workspace the page is in. */
export const WORKSPACE_HEADER = "x-switchyard-workspace";
