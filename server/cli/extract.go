package cli

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/sites"
	"github.com/exportscope/exportscope/server/config"
)

func (a *app) extractCmd() *cobra.Command {
	var pageURL, adapterFile string
	cmd := &cobra.Command{
		Use:   "extract [--url URL] FILE.html",
		Short: "Print the products found on a saved page as a JSON array",
		Long: `extract reads a saved marketplace page and prints the products on it as a
JSON array (fields: title, brand, seller, price, currency, rating, reviewCount,
sku, gtin, availability, url, image, …); a list page gives one object per item.

With --url the shipped site adapter for that address is used (Amazon, eBay,
Ozon, Mercado Libre, the practice marketplace…) together with the generic
schema.org / microdata / Open Graph reader; without it only the generic reader
runs. Problems on the page are listed on standard error and never stop the
extraction.`,
		Example: "  exportscope extract --url https://www.amazon.de/gp/bestsellers/ce-de page.html",
		Args:    cobra.ExactArgs(1),
		// extract needs no store and no configuration.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
		RunE: func(cmd *cobra.Command, args []string) error {
			body, err := os.ReadFile(args[0])
			if err != nil {
				return config.Usagef("extract: %v", err)
			}
			var adapter *site.Adapter
			switch {
			case adapterFile != "":
				if adapter, err = site.Load(adapterFile); err != nil {
					return config.Usagef("%v", err)
				}
			case pageURL != "":
				reg, err := sites.Load()
				if err != nil {
					return err
				}
				adapter, _, _ = reg.Match(pageURL)
			}
			res := extract.Extract(body, extract.Options{URL: pageURL, Adapter: adapter})
			for _, e := range res.Errs {
				fmt.Fprintf(a.env.Stderr, "extract %s: %v\n", args[0], e)
			}
			products := res.Products
			if products == nil {
				products = []extract.Product{}
			}
			enc := json.NewEncoder(a.env.Stdout)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(products)
		},
	}
	cmd.Flags().StringVar(&pageURL, "url", "", "the page's address: picks the site adapter and resolves relative links")
	cmd.Flags().StringVar(&adapterFile, "site", "", "a site adapter YAML file to use instead of the shipped ones")
	return cmd
}
