/** css-tree's one-file ES build: the same API as 'css-tree', one module for Node to load instead of 120. */
declare module 'css-tree/dist/csstree.esm' {
  export * from 'css-tree';
}
