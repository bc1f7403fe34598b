/** Stands in for Node modules the bundled framework names but does not use in a browser. */
export default {};
