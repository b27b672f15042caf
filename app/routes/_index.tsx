export default function Index() {
  return <h1>直通车</h1>;
}
