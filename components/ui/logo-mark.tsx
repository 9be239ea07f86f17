/** Rateline's mark (public/icon.svg, also the browser's icon), decorative beside the name. */
export function LogoMark({ size, className = "" }: { size: number; className?: string }) {
  // A static SVG needs none of next/image's resizing.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src="/icon.svg" alt="" aria-hidden width={size} height={size} className={className} />;
}
