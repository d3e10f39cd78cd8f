export default { source: 'source' };
